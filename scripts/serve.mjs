#!/usr/bin/env node
/**
 * A small static server for the built app. It sends the cross-origin isolation headers the app
 * needs (SharedArrayBuffer for media workers and WASM threads) and its Content-Security-Policy
 * (scripts/csp.mjs), and falls back to index.html for any path that is not a file, so links into
 * the app open it.
 *
 * It also answers requests in proxy form (`GET http://localhost:5199/x HTTP/1.1`), so a browser
 * told to use it as its proxy sees the app at a fixed origin whatever port it listens on: the
 * headless runner relies on that to keep one IndexedDB between runs. Under `/api-proxy/` it
 * forwards to the generation APIs' allow-listed hosts (scripts/api-proxy.mjs).
 *
 * It answers only requests addressed to a name it is served at (so a rebound DNS name reaches
 * nothing), the proxy only to the app's own page, and a request it cannot read gets a 400: no
 * request can stop it (README, "Security").
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { networkInterfaces } from 'node:os'
import { join, normalize, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { forward, isFromOwnPage, PROXY_PREFIX } from './api-proxy.mjs'
import { appContentSecurityPolicy } from './csp.mjs'
import { mimeForPath } from './mime.mjs'

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** The names a loopback server answers to (with its port). */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::'])

/**
 * Serves `root` on `port` (0 picks a free one) and resolves once it listens. Requests under
 * `/api-proxy/` go to the generation APIs (scripts/api-proxy.mjs); `upstreams` points API hosts
 * elsewhere (tests use it for their contract servers). It answers to `localhost`, `127.0.0.1` and
 * `[::1]` at its port, to the address it is bound to, and to `extraHosts` (`name:port`, as a Host
 * header has it: the runner's fixed origin). `connectSources` are origins the page may call besides
 * its own and this machine's (a ComfyUI elsewhere).
 * @param {{ root: string, port?: number, host?: string, upstreams?: Record<string, string>, extraHosts?: readonly string[], connectSources?: readonly string[] }} options
 * @returns {Promise<{ server: import('node:http').Server, port: number, url: string, close: () => Promise<void> }>}
 */
export async function serveStatic({ root, port = 0, host = '127.0.0.1', upstreams = {}, extraHosts = [], connectSources = [] }) {
  const base = resolve(root)
  const pageHeaders = { ...isolationHeaders, 'Content-Security-Policy': appContentSecurityPolicy({ connectSources }), 'X-Content-Type-Options': 'nosniff' }
  let servedHosts = new Set()
  const route = (request, response) => {
    const url = requestTarget(request.url ?? '')
    const hostHeader = (request.headers.host ?? '').toLowerCase()
    if (url === undefined) {
      answer(response, 400, 'That address could not be read.', pageHeaders)
      request.resume()
      return
    }
    // A browser using the server as its proxy names the host in the target too; it must be the Host.
    if (!servedHosts.has(hostHeader) || (!request.url?.startsWith('/') && url.host !== hostHeader)) {
      answer(response, 421, `This server answers only at ${[...servedHosts][0] ?? 'its own address'}, not at ${hostHeader || 'no address'}.`, pageHeaders)
      request.resume()
      return
    }
    if (url.pathname.startsWith(PROXY_PREFIX)) {
      if (!isFromOwnPage(request.headers, `http://${hostHeader}`)) {
        answer(response, 403, 'The proxy serves only the Reelgraph page it belongs to.', { ...pageHeaders, 'X-Reelgraph-Proxy': 'refused' })
        request.resume()
        return
      }
      forward(request, response, { upstreams, extraHeaders: isolationHeaders })
      return
    }
    respond(base, url, request, response, pageHeaders).catch((error) => {
      answer(response, 500, `could not serve ${url.pathname}: ${error.message}`, pageHeaders)
    })
  }
  const server = createServer((request, response) => {
    try {
      route(request, response)
    } catch {
      // Whatever a request holds, it gets an answer, and the server goes on.
      answer(response, 400, 'That request could not be read.', pageHeaders)
    }
  })
  // A request that is not even HTTP gets a 400 and its connection closed, as Node's default does.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
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
  servedHosts = new Set([...LOOPBACK_NAMES.map((name) => `${name}:${actualPort}`), ...boundNames(host).map((name) => `${name}:${actualPort}`), ...extraHosts.map((name) => name.toLowerCase())])
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

/**
 * A request's target as a URL: `/path` from a browser, `http://host/path` from one using the server
 * as its proxy. Undefined for anything else, or anything that does not parse (`//`, `%E0`).
 */
function requestTarget(target) {
  const url = URL.parse(target.startsWith('/') ? `http://localhost${target}` : target)
  if (url === null || url.protocol !== 'http:') return undefined
  try {
    decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
  return url
}

/** The names a server bound to `host` is reached at besides loopback: the address itself, or every address of the machine for a wildcard. */
function boundNames(host) {
  const addresses = WILDCARD_ADDRESSES.has(host)
    ? Object.values(networkInterfaces())
        .flat()
        .map((entry) => entry?.address)
        .filter((address) => address !== undefined)
    : [host]
  return addresses.map((address) => (address.includes(':') ? `[${address.toLowerCase()}]` : address.toLowerCase()))
}

function answer(response, status, message, headers) {
  if (response.headersSent) {
    response.destroy()
    return
  }
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
  response.end(`${message}\n`)
}

async function respond(base, url, request, response, pageHeaders) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...pageHeaders, Allow: 'GET, HEAD' })
    response.end()
    request.resume()
    return
  }
  const pathname = decodeURIComponent(url.pathname)
  const file = await findFile(base, pathname)
  const info = file && (await stat(file))
  if (!info) {
    answer(response, 404, `${pathname} is not here`, pageHeaders)
    return
  }
  response.writeHead(200, {
    ...pageHeaders,
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
