import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAllowed, redirectThroughProxy } from '../../scripts/api-proxy.mjs'
import { serveStatic, type ServedDirectory } from '../../scripts/serve.mjs'

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

describe('the API proxy', () => {
  let api: Server
  let apiOrigin: string
  let app: ServedDirectory
  let root: string
  const seen: Seen[] = []

  beforeAll(async () => {
    api = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
        if (request.url?.startsWith('/v1beta/files/')) {
          const elsewhere = request.url.endsWith('away') ? 'https://example.com/clip.mp4' : 'https://api.dev.runwayml.com/download/v1beta/files/f1:download?alt=media'
          response.writeHead(302, { Location: elsewhere }).end()
          return
        }
        response.writeHead(201, { 'Content-Type': 'application/json', 'Set-Cookie': 'tracker=1', 'Retry-After': '3' })
        response.end(JSON.stringify({ id: 'task-1' }))
      })
    })
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    const address = api.address()
    apiOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    root = await mkdtemp(join(tmpdir(), 'reelgraph-proxy-'))
    await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>')
    app = await serveStatic({ root, upstreams: { 'api.dev.runwayml.com': apiOrigin } })
  })

  afterAll(async () => {
    await app.close()
    await new Promise((resolve) => api.close(resolve))
    await rm(root, { recursive: true, force: true })
  })

  it('forwards method, path, query, body and the key header, and nothing that names the browser', async () => {
    const response = await fetch(`${app.url}api-proxy/api.dev.runwayml.com/v1/image_to_video?x=1`, {
      method: 'POST',
      headers: { Authorization: 'Bearer key_123', 'Content-Type': 'application/json', Origin: 'http://localhost', Cookie: 'session=abc', Referer: 'http://localhost/app' },
      body: JSON.stringify({ model: 'gen4_turbo' }),
    })
    expect(response.status).toBe(201)
    expect(await response.json()).toEqual({ id: 'task-1' })
    // The provider's own headers come back; its cookies do not.
    expect(response.headers.get('retry-after')).toBe('3')
    expect(response.headers.get('set-cookie')).toBeNull()
    const request = seen.at(-1) as Seen
    expect(request).toMatchObject({ method: 'POST', url: '/v1/image_to_video?x=1', body: '{"model":"gen4_turbo"}' })
    expect(request.headers.authorization).toBe('Bearer key_123')
    expect(request.headers.origin).toBeUndefined()
    expect(request.headers.cookie).toBeUndefined()
    expect(request.headers.referer).toBeUndefined()
  })

  it('refuses a host that is not a generation API, and sends it nothing', async () => {
    const before = seen.length
    const response = await fetch(`${app.url}api-proxy/example.com/steal`, { method: 'POST', body: 'x' })
    expect(response.status).toBe(403)
    expect((await response.json()) as { error: string }).toEqual({ error: expect.stringContaining('example.com is not one of them') })
    expect(seen.length).toBe(before)
  })

  it('answers at its root, so the app can tell it is there', async () => {
    const response = await fetch(`${app.url}api-proxy/`)
    expect(await response.json()).toMatchObject({ proxy: 'reelgraph' })
  })

  it('keeps a redirect to an allowed host going through the proxy, and passes any other on as it came', async () => {
    const followed = await fetch(`${app.url}api-proxy/api.dev.runwayml.com/v1beta/files/f1:download?alt=media`, { redirect: 'manual' })
    expect(followed.status).toBe(302)
    expect(followed.headers.get('location')).toBe('/api-proxy/api.dev.runwayml.com/download/v1beta/files/f1:download?alt=media')
    const away = await fetch(`${app.url}api-proxy/api.dev.runwayml.com/v1beta/files/away`, { redirect: 'manual' })
    expect(away.headers.get('location')).toBe('https://example.com/clip.mp4')
    expect(redirectThroughProxy('/download/v1beta/files/f2:download?alt=media', 'generativelanguage.googleapis.com', 'GET')).toBe(
      '/api-proxy/generativelanguage.googleapis.com/download/v1beta/files/f2:download?alt=media',
    )
    expect(redirectThroughProxy('https://dnznrvs05pmza.cloudfront.net/a.mp4', 'api.dev.runwayml.com', 'POST')).toBe('https://dnznrvs05pmza.cloudfront.net/a.mp4')
  })

  it('lets results be downloaded from providers’ storage, but only read', () => {
    expect(isAllowed('dnznrvs05pmza.cloudfront.net', 'GET')).toBe(true)
    expect(isAllowed('dnznrvs05pmza.cloudfront.net', 'POST')).toBe(false)
    expect(isAllowed('replicate.delivery', 'GET')).toBe(true)
    expect(isAllowed('evilreplicate.delivery', 'GET')).toBe(false)
    expect(isAllowed('api.replicate.com', 'POST')).toBe(true)
  })

  it('lets a clip be PUT to Topaz’s upload bucket, and to no other bucket', () => {
    expect(isAllowed('videocloud.s3.amazonaws.com', 'PUT')).toBe(true)
    expect(isAllowed('someone-else.s3.amazonaws.com', 'PUT')).toBe(false)
  })
})
