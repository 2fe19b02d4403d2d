#!/usr/bin/env node
/**
 * A small static server for the built app. It sends the cross-origin isolation headers the app
 * needs (SharedArrayBuffer for media workers and WASM threads), and falls back to index.html for
 * any path that is not a file, so links into the app open it.
 *
 * It also answers requests in proxy form (`GET http://localhost:5199/x HTTP/1.1`), so a browser
 * told to use it as its proxy sees the app at a fixed origin whatever port it listens on: the
 * headless runner relies on that to keep one IndexedDB between runs. Under `/api-proxy/` it
 * forwards to the generation APIs' allow-listed hosts (scripts/api-proxy.mjs).
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join, normalize, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { forward, PROXY_PREFIX } from './api-proxy.mjs'
import { mimeForPath } from './mime.mjs'

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/**
 * Serves `root` on `port` (0 picks a free one) and resolves once it listens. Requests under
 * `/api-proxy/` go to the generation APIs (scripts/api-proxy.mjs); `upstreams` points API hosts
 * elsewhere (tests use it for their contract servers).
 * @param {{ root: string, port?: number, host?: string, upstreams?: Record<string, string> }} options
 * @returns {Promise<{ server: import('node:http').Server, port: number, url: string, close: () => Promise<void> }>}
 */
export async function serveStatic({ root, port = 0, host = '127.0.0.1', upstreams = {} }) {
  const base = resolve(root)
  const server = createServer((request, response) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname.startsWith(PROXY_PREFIX)) {
      forward(request, response, { upstreams, extraHeaders: isolationHeaders })
      return
    }
    respond(base, request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end(`could not serve ${request.url}: ${error.message}\n`)
    })
  })
  await new Promise((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  return {
    server,
    port: actualPort,
    url: `http://localhost:${actualPort}/`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections()
        server.close(() => resolveClose())
      }),
  }
}

async function respond(base, request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' })
    response.end()
    return
  }
  // `new URL` takes both forms: `/path` from a browser, `http://host/path` from one using us as proxy.
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
  const file = await findFile(base, pathname)
  const info = file && (await stat(file))
  if (!info) {
    response.writeHead(404, { ...isolationHeaders, 'Content-Type': 'text/plain; charset=utf-8' })
    response.end(`${pathname} is not here\n`)
    return
  }
  response.writeHead(200, {
    ...isolationHeaders,
    'Content-Type': mimeForPath(file),
    'Content-Length': info.size,
    // Built assets carry a content hash in their names; the pages themselves must be re-read.
    'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  createReadStream(file).pipe(response)
}

/**
 * The file a path names inside `base`; else index.html (the app's own routes), when there is one.
 */
async function findFile(base, pathname) {
  const candidate = normalize(join(base, pathname))
  if (candidate === base || candidate.startsWith(base + sep)) {
    if (await isFile(candidate)) return candidate
    if (await isFile(join(candidate, 'index.html'))) return join(candidate, 'index.html')
  }
  const fallback = join(base, 'index.html')
  return (await isFile(fallback)) ? fallback : undefined
}

function isFile(path) {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, dir: { type: 'string', default: 'dist' }, host: { type: 'string' } },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not "${values.port}"`)
    process.exit(2)
  }
  const served = await serveStatic({ root: values.dir, port, ...(values.host ? { host: values.host } : {}) })
  console.log(`Serving ${resolve(values.dir)} at ${served.url}`)
}
