/**
 * The same-origin proxy to the generation APIs. Browsers cannot call most of them (CORS), and the
 * ones they can should not see the app's origin; so the app asks `/api-proxy/<host>/<path>` and this
 * forwards the request as it came to `https://<host>/<path>`, for the allow-listed hosts only.
 *
 * It adds nothing of its own (no key, no header beyond what HTTP needs), strips what would identify
 * the browser (cookies, origin, referer), keeps nothing, and logs nothing: keys pass through it in
 * headers and must never land in a log.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

export const PROXY_PREFIX = '/api-proxy/'

/** Hosts the app's adapters call, with any method. */
export const API_HOSTS = [
  'api.dev.runwayml.com',
  'api.lumalabs.ai',
  'api-singapore.klingai.com',
  'api.klingai.com',
  'generativelanguage.googleapis.com',
  'queue.fal.run',
  'fal.run',
  'rest.alpha.fal.ai',
  'api.replicate.com',
  'api.openai.com',
  'api.elevenlabs.io',
  'api.topazlabs.com',
  // Topaz's signed links: the clip is PUT there in parts, and the upscale read back.
  'videocloud.s3.amazonaws.com',
]

/**
 * Where results are downloaded from (result links point at the providers' storage): GET only, by
 * host suffix, since the exact host varies per job.
 */
export const MEDIA_HOST_SUFFIXES = ['.cloudfront.net', '.fal.media', 'fal.media', 'replicate.delivery', '.lumalabs.ai', '.klingai.com', '.googleapis.com', '.runwayml.com', '.elevenlabs.io']

// Headers that describe one hop, or the browser: they are not forwarded.
const REQUEST_HEADERS_DROPPED = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'cookie', 'origin', 'referer'])
const RESPONSE_HEADERS_DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer', 'set-cookie'])

/** Whether a request to `host` with `method` may pass. */
export function isAllowed(host, method) {
  if (API_HOSTS.includes(host)) return true
  if (method !== 'GET' && method !== 'HEAD') return false
  return MEDIA_HOST_SUFFIXES.some((suffix) => host === suffix.replace(/^\./, '') || host.endsWith(suffix.startsWith('.') ? suffix : `.${suffix}`))
}

/**
 * Forwards one request under PROXY_PREFIX. `upstreams` maps a host to another origin (tests point
 * an API host at its contract server); otherwise the host is called over HTTPS.
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {{ upstreams?: Record<string, string>, extraHeaders?: Record<string, string> }} options
 */
export function forward(request, response, { upstreams = {}, extraHeaders = {} } = {}) {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const rest = url.pathname.slice(PROXY_PREFIX.length)
  const slash = rest.indexOf('/')
  const host = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase()
  const path = `${slash < 0 ? '/' : rest.slice(slash)}${url.search}`
  const method = request.method ?? 'GET'
  if (rest === '') {
    // The app asks this before a cloud call, to tell a person without the proxy what to run.
    response.writeHead(200, { ...extraHeaders, 'Content-Type': 'application/json; charset=utf-8' })
    response.end(JSON.stringify({ proxy: 'reelgraph', hosts: API_HOSTS }))
    request.resume()
    return
  }
  if (!host || !isAllowed(host, method)) {
    refuse(response, 403, `The proxy forwards only to the generation APIs it knows; ${host || 'no host'} is not one of them.`, extraHeaders)
    request.resume()
    return
  }
  const target = new URL(path, upstreams[host] ?? `https://${host}`)
  const headers = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (!REQUEST_HEADERS_DROPPED.has(name) && !name.startsWith('sec-') && value !== undefined) headers[name] = value
  }
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest
  const upstream = send(target, { method, headers }, (answer) => {
    const passed = { ...extraHeaders }
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!RESPONSE_HEADERS_DROPPED.has(name) && value !== undefined) passed[name] = value
    }
    if (typeof answer.headers.location === 'string') passed.location = redirectThroughProxy(answer.headers.location, host, answer.statusCode === 307 || answer.statusCode === 308 ? method : 'GET')
    response.writeHead(answer.statusCode ?? 502, passed)
    answer.pipe(response)
  })
  upstream.on('error', (error) => {
    // The message names the host and the network error, never a header: keys travel in headers.
    refuse(response, 502, `The proxy could not reach ${host}: ${error.code ?? error.message}`, extraHeaders)
  })
  request.on('aborted', () => upstream.destroy())
  request.pipe(upstream)
}

/**
 * A redirect (Google documents its file downloads with `curl -L`) is followed through the proxy too when it
 * leads to an allowed host: the browser could not read the other host itself (CORS, and the app's
 * cross-origin isolation). Anywhere else it is passed on as it came.
 */
export function redirectThroughProxy(location, fromHost, method) {
  const next = new URL(location, `https://${fromHost}/`)
  if (next.protocol !== 'https:' || !isAllowed(next.host, method)) return location
  return `${PROXY_PREFIX}${next.host}${next.pathname}${next.search}`
}

function refuse(response, status, message, extraHeaders) {
  if (response.headersSent) {
    response.destroy()
    return
  }
  response.writeHead(status, { ...extraHeaders, 'Content-Type': 'application/json; charset=utf-8', 'X-Reelgraph-Proxy': 'refused' })
  response.end(JSON.stringify({ error: message }))
}
