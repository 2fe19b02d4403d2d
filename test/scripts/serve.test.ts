import { spawn, type ChildProcess } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveStatic, type ServedDirectory } from '../../scripts/serve.mjs'
import { projectRoot } from '../../scripts/dist.mjs'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Sends `target` exactly as written (fetch would tidy it up), with `headers` as given; a `host` of '' sends none. */
function send(port: number, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const { host = `localhost:${port}`, ...rest } = headers
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path: target, method, setHost: false, headers: host === '' ? rest : { host, ...rest } }, (incoming) => {
      let body = ''
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()))
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }))
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelgraph-serve-'))
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>')
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('the server, as `npm start` runs it', () => {
  let server: ChildProcess
  let port: number
  let exited = false

  beforeAll(async () => {
    server = spawn(process.execPath, [join(projectRoot, 'scripts', 'serve.mjs'), '--dir', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    server.on('exit', () => (exited = true))
    port = await new Promise<number>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => {
        const match = /localhost:(\d+)/.exec(chunk.toString())
        if (match) resolve(Number(match[1]))
      })
      server.on('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)))
    })
  })

  afterAll(() => {
    server.kill()
  })

  it.each([
    ['//', [200, 400]],
    ['/api-proxy/x%2f.cloudfront.net/', [400]],
    ['/api-proxy/x%2f.cloudfront.net/a.mp4', [400]],
    ['/%E0%A4%A', [400]],
    ['/api-proxy/%E0/', [400, 403]],
  ])('answers %s, and keeps running', async (target, statuses) => {
    const answer = await send(port, target)
    expect(statuses).toContain(answer.status)
    expect((await send(port, '/')).status).toBe(200)
    expect(exited).toBe(false)
  })
})

describe('the server', () => {
  let app: ServedDirectory

  beforeAll(async () => {
    app = await serveStatic({ root, extraHosts: ['localhost:5199'] })
  })

  afterAll(async () => {
    await app.close()
  })

  it('answers at the names it is served at, and at no other (a rebound DNS name reaches nothing)', async () => {
    for (const host of [`localhost:${app.port}`, `127.0.0.1:${app.port}`, `[::1]:${app.port}`, 'localhost:5199']) {
      expect((await send(app.port, '/', { host })).status, host).toBe(200)
    }
    for (const host of [`attacker.example:${app.port}`, 'localhost:1', `localhost.attacker.example:${app.port}`]) {
      const answer = await send(app.port, '/api-proxy/', { host })
      expect(answer.status, host).toBe(421)
      expect(answer.body).not.toContain('reelgraph')
    }
    // Node itself refuses an HTTP/1.1 request without a Host.
    expect((await send(app.port, '/api-proxy/', { host: '' })).status).toBe(400)
    // A browser using the server as its proxy names the host in the target too (the headless runner).
    expect((await send(app.port, 'http://localhost:5199/', { host: 'localhost:5199' })).status).toBe(200)
    expect((await send(app.port, 'http://attacker.example/', { host: 'attacker.example' })).status).toBe(421)
  })

  it('answers at the address it is bound to as well (HOST), and still at no other name', async () => {
    // 127.0.0.2 is loopback too, so the test stays on this machine.
    const bound = await serveStatic({ root, host: '127.0.0.2' })
    try {
      const at = (host: string) =>
        new Promise<number>((resolve, reject) => {
          httpRequest({ host: '127.0.0.2', port: bound.port, path: '/', headers: { host } }, (incoming) => resolve(incoming.resume().statusCode ?? 0))
            .on('error', reject)
            .end()
        })
      expect(await at(`127.0.0.2:${bound.port}`)).toBe(200)
      expect(await at(`localhost:${bound.port}`)).toBe(200)
      expect(await at(`attacker.example:${bound.port}`)).toBe(421)
    } finally {
      await bound.close()
    }
  })

  it('lets only its own page use the proxy', async () => {
    const own = `http://localhost:${app.port}`
    expect((await send(app.port, '/api-proxy/', { 'sec-fetch-site': 'same-origin', origin: own })).status).toBe(200)
    // A script's request (no browser headers) is no page's: it may.
    expect((await send(app.port, '/api-proxy/')).status).toBe(200)
    const foreign: Record<string, string>[] = [{ origin: 'https://attacker.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'none' }, { origin: `http://127.0.0.1:${app.port}` }]
    for (const headers of foreign) {
      const answer = await send(app.port, '/api-proxy/api.dev.runwayml.com/v1/tasks/x', headers, 'DELETE')
      expect(answer.status, JSON.stringify(headers)).toBe(403)
    }
  })

  it('sends the app with a Content-Security-Policy that lets only its own scripts, blobs and WebAssembly run, and no page frame it', async () => {
    const page = await send(app.port, '/')
    const policy = String(page.headers['content-security-policy'])
    const scripts = /script-src ([^;]*)/.exec(policy)?.[1] ?? ''
    // blob: only as TensorFlow.js's WASM threads need it: no inline script, no eval.
    expect(scripts.split(' ').sort()).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:'])
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain("object-src 'none'")
    expect(policy).toMatch(/connect-src [^;]*http:\/\/127\.0\.0\.1:\*/)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp')
  })
})
