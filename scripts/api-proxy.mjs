/**
 * The same-origin proxy to the generation APIs. Browsers cannot call most of them (CORS), and the
 * ones they can should not see the app's origin; so the app asks `/api-proxy/<host>/<path>` and this
 * forwards the request as it came to `https://<host>/<path>`, for the allow-listed hosts only.
 *
 * It adds nothing of its own (no key, no header beyond what HTTP needs), strips what would identify
 * the browser (cookies, origin, referer), keeps nothing, and logs nothing: keys pass through it in
 * headers and must never land in a log.
 *
 * What it answers is served on the app's own origin, so nothing it passes on may be able to run as
 * the app (README, "Security"): every answer is an attachment, carries `nosniff` and a CSP sandbox,
 * and has a Content-Type from a fixed list; a result host that answers with anything but media is
 * refused. Redirects are followed here, and the key goes no further than the host it was meant for.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

export const PROXY_PREFIX = '/api-proxy/'

/**
 * Each provider folder's `descriptor.json` (src/providers/<name>/, checked by
 * src/providers/descriptors.ts): plain data, read here as it is, so `npm start` builds nothing.
 */
const DESCRIPTORS = readDescriptors(new URL('../src/providers/', import.meta.url))

/** Hosts the app's adapters call, with any method (Topaz's includes the bucket its clip is PUT to in parts). */
export const API_HOSTS = DESCRIPTORS.flatMap((descriptor) => descriptor.apiHosts)

/**
 * The hosts results are downloaded from (GET only): the providers' own result storage, by exact
 * name, never a whole `.cloudfront.net` or `.googleapis.com`. Veo's and ElevenLabs' results come
 * from their API hosts, Topaz's from its bucket.
 */
export const MEDIA_HOSTS = DESCRIPTORS.flatMap((descriptor) => descriptor.resultHosts)

/** Result hosts whose name carries a number per shard: `v3.fal.media`, `v15-kling.klingai.com`. */
const MEDIA_HOST_PATTERNS = DESCRIPTORS.flatMap((descriptor) => (descriptor.resultHostPatterns ?? []).map((pattern) => new RegExp(pattern)))

/**
 * The descriptors under `folder`, one per provider folder that has one. A file that does not read
 * stops the proxy from starting, saying which: an allow-list half read would be worse.
 * @param {URL} folder
 * @returns {{ id: string, apiHosts: string[], resultHosts: string[], resultHostPatterns?: string[] }[]}
 */
function readDescriptors(folder) {
  const descriptors = []
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const file = new URL(`${entry.name}/descriptor.json`, folder)
    if (!entry.isDirectory() || !existsSync(file)) continue
    const descriptor = JSON.parse(readFileSync(file, 'utf8'))
    const hosts = [descriptor.apiHosts, descriptor.resultHosts, descriptor.resultHostPatterns ?? []]
    if (!hosts.every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'))) {
      throw new Error(`${file.pathname}: apiHosts, resultHosts and resultHostPatterns must be lists of strings`)
    }
    descriptors.push(descriptor)
  }
  return descriptors
}

/**
 * The media types a result may come as, each sent on as the fixed string here; `binary/octet-stream`
 * is what S3 and CloudFront call bytes without a type.
 */
const MEDIA_TYPES = new Map([
  ...['video/mp4', 'video/quicktime', 'video/webm', 'audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/ogg', 'audio/flac', 'image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif'].map((type) => [type, type]),
  ['audio/x-wav', 'audio/wav'],
  ['audio/wave', 'audio/wav'],
  ['application/octet-stream', 'application/octet-stream'],
  ['binary/octet-stream', 'application/octet-stream'],
])

/** What an API answer may be read as, besides media; anything else is passed on as bytes. */
const API_TYPES = new Map([
  ['application/json', 'application/json; charset=utf-8'],
  ['application/problem+json', 'application/json; charset=utf-8'],
  ['text/plain', 'text/plain; charset=utf-8'],
])

/** On every answer: it downloads rather than shows, its type is not guessed, and nothing in it may run. */
export const PROXIED_RESPONSE_HEADERS = {
  'Content-Disposition': 'attachment',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'; frame-ancestors 'none'",
}

// Headers that describe one hop, or the browser: they are not forwarded.
const REQUEST_HEADERS_DROPPED = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'cookie', 'origin', 'referer'])
// Upstream headers that are not passed on: hop-by-hop ones, cookies, and those the proxy sets itself.
const RESPONSE_HEADERS_DROPPED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'trailer',
  'set-cookie',
  'content-type',
  'content-disposition',
  'content-security-policy',
  'content-security-policy-report-only',
  'x-content-type-options',
  'location',
  'refresh',
  'link',
])
/** What a request keeps when it is redirected to another host: nothing that could carry a key. */
const HEADERS_KEPT_ACROSS_HOSTS = new Set(['accept', 'accept-language', 'range', 'user-agent'])
/** As browsers do (fetch's redirect limit is 20; no provider needs more than one). */
const MAX_REDIRECTS = 5
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/

/** Whether `host` is one results are downloaded from. */
export function isMediaHost(host) {
  return MEDIA_HOSTS.includes(host) || MEDIA_HOST_PATTERNS.some((pattern) => pattern.test(host))
}

/** Whether a request to `host` with `method` may pass. */
export function isAllowed(host, method) {
  if (API_HOSTS.includes(host)) return true
  return (method === 'GET' || method === 'HEAD') && isMediaHost(host)
}

/**
 * Whether a request for the proxy comes from the app's own page (or from no page at all, as a
 * script's would): another site's page, a link followed from it, or a page of a rebound name gets
 * nothing. `ownOrigin` is the origin the request's Host names.
 * @param {import('node:http').IncomingHttpHeaders} headers
 */
export function isFromOwnPage(headers, ownOrigin) {
  const site = headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin') return false
  const origin = headers.origin
  return origin === undefined || origin === ownOrigin
}

/**
 * Forwards one request under PROXY_PREFIX. `upstreams` maps a host to another origin (tests point
 * an API host at its contract server); otherwise the host is called over HTTPS.
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {{ upstreams?: Record<string, string>, extraHeaders?: Record<string, string> }} options
 */
export function forward(request, response, { upstreams = {}, extraHeaders = {} } = {}) {
  const headersOut = { ...extraHeaders, ...PROXIED_RESPONSE_HEADERS }
  const target = parseTarget(request.url ?? '/')
  const method = request.method ?? 'GET'
  if (target === undefined) {
    refuse(response, 400, 'The proxy could not read that address.', headersOut)
    request.resume()
    return
  }
  if (target.host === '') {
    // The app asks this before a cloud call, to tell a person without the proxy what to run.
    response.writeHead(200, { ...headersOut, 'Content-Type': 'application/json; charset=utf-8' })
    response.end(JSON.stringify({ proxy: 'reelgraph', hosts: API_HOSTS }))
    request.resume()
    return
  }
  if (!isAllowed(target.host, method)) {
    refuse(response, 403, `The proxy forwards only to the generation APIs it knows; ${target.host} is not one of them.`, headersOut)
    request.resume()
    return
  }
  const headers = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (!REQUEST_HEADERS_DROPPED.has(name) && !name.startsWith('sec-') && value !== undefined) headers[name] = value
  }
  let current
  response.on('close', () => current?.destroy())
  const hop = (host, path, hopMethod, hopHeaders, body, redirects) => {
    current = send(upstreams, host, path, hopMethod, hopHeaders, (answer) => {
      const status = answer.statusCode ?? 502
      const location = answer.headers.location
      if (status >= 300 && status < 400 && status !== 304 && typeof location === 'string') {
        answer.resume()
        const next = nextHop(location, host, status, hopMethod, hopHeaders, redirects)
        if (typeof next === 'string') refuse(response, 502, next, headersOut)
        else hop(next.host, next.path, next.method, next.headers, undefined, redirects + 1)
        return
      }
      pass(answer, status, host, hopMethod, response, headersOut)
    })
    current.on('error', (error) => {
      // The message names the host and the network error, never a header: keys travel in headers.
      refuse(response, 502, `The proxy could not reach ${host}: ${error.code ?? error.message}`, headersOut)
    })
    if (body) body.pipe(current)
    else current.end()
  }
  hop(target.host, target.path, method, headers, request, 0)
}

/** The host and path a proxy address names; undefined when it names no well-formed host. */
function parseTarget(requestUrl) {
  // `/api-proxy/…` from a browser, `http://host/api-proxy/…` from one using the server as its proxy.
  const url = URL.parse(requestUrl.startsWith('/') ? `http://localhost${requestUrl}` : requestUrl)
  if (url === null) return undefined
  const rest = url.pathname.slice(PROXY_PREFIX.length)
  const slash = rest.indexOf('/')
  const host = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase()
  if (host !== '' && !HOST_NAME.test(host)) return undefined
  return { host, path: `${slash < 0 ? '/' : rest.slice(slash)}${url.search}` }
}

function send(upstreams, host, path, method, headers, onAnswer) {
  const target = new URL(path, upstreams[host] ?? `https://${host}`)
  const request = target.protocol === 'http:' ? httpRequest : httpsRequest
  return request(target, { method, headers }, onAnswer)
}

/**
 * Where a redirect leads, as fetch would follow it: 301/302 after a POST and 303 always become a GET
 * without a body, 307/308 keep the method (so only a bodiless one can be repeated here). On another
 * host the request keeps none of its own headers that could carry a key. A reason when it may not go.
 */
function nextHop(location, fromHost, status, method, headers, redirects) {
  if (redirects >= MAX_REDIRECTS) return `${fromHost} redirected more than ${MAX_REDIRECTS} times.`
  const next = URL.parse(location, `https://${fromHost}/`)
  if (next === null) return `${fromHost} redirected to an address that cannot be read.`
  const toGet = ((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')
  const nextMethod = toGet ? 'GET' : method
  if (nextMethod !== 'GET' && nextMethod !== 'HEAD') return `${fromHost} redirected a ${method} request, which the proxy cannot send again.`
  const host = next.host.toLowerCase()
  if (next.protocol !== 'https:' || next.username || next.password || !HOST_NAME.test(host) || !isAllowed(host, nextMethod)) {
    return `${fromHost} redirected to ${next.protocol}//${next.host}, which the proxy does not forward to.`
  }
  const nextHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    const bodyHeader = nextMethod !== method && (name === 'content-type' || name === 'content-length')
    if (!bodyHeader && (host === fromHost || HEADERS_KEPT_ACROSS_HOSTS.has(name))) nextHeaders[name] = value
  }
  return { host, path: `${next.pathname}${next.search}`, method: nextMethod, headers: nextHeaders }
}

/**
 * Sends an upstream answer on, with a type from the fixed lists. A result host's answer that is not
 * media is refused (an error keeps its status, so an expired link still reads as one).
 */
function pass(answer, status, host, method, response, headersOut) {
  const essence = (answer.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  const media = MEDIA_TYPES.get(essence)
  if (isMediaHost(host) && media === undefined) {
    answer.resume()
    // Not marked as the proxy's refusal: the host was called, and its error (an expired link) stands.
    refuse(response, status >= 400 ? status : 502, `${host} answered with ${essence || 'no type'}, not a media file.`, headersOut, false)
    return
  }
  const passed = { ...headersOut, 'Content-Type': media ?? API_TYPES.get(essence) ?? 'application/octet-stream' }
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!RESPONSE_HEADERS_DROPPED.has(name) && value !== undefined) passed[name] = value
  }
  response.writeHead(status, passed)
  if (method === 'HEAD') {
    answer.resume()
    response.end()
    return
  }
  answer.pipe(response)
}

/** Answers with `message` instead of what was asked; `byProxy` marks it as the proxy's own refusal (src/providers/http.ts reads that). */
function refuse(response, status, message, headersOut, byProxy = true) {
  if (response.headersSent) {
    response.destroy()
    return
  }
  response.writeHead(status, { ...headersOut, 'Content-Type': 'application/json; charset=utf-8', ...(byProxy ? { 'X-Reelgraph-Proxy': 'refused' } : {}) })
  response.end(JSON.stringify({ error: message }))
}
