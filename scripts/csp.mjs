/**
 * The app's Content-Security-Policy, one for `npm start` (scripts/serve.mjs) and the Vite dev server
 * (vite.config.ts). Scripts come only from the app's own files (and WebAssembly, which the upscaler
 * and the media kernels compile) and from blob: URLs the app made itself (TensorFlow.js starts its
 * WASM threads as blob: workers that load their code from blob: URLs), no inline script and no eval; media
 * from the app and blob:/data:, no page may frame the app. Requests go to the app's own origin (the
 * generation APIs through its proxy) and to a ComfyUI server on this machine, which the page calls
 * directly (src/providers/proxied-access.ts); `connectSources` adds other origins, such as a ComfyUI elsewhere.
 */

/** ComfyUI on this machine, at any port. (CSP sources cannot name IPv6 literals such as [::1].) */
export const LOCAL_SERVERS = ['http://localhost:*', 'http://127.0.0.1:*', 'https://localhost:*', 'https://127.0.0.1:*']

/**
 * @param {{ connectSources?: readonly string[], scriptNonce?: string }} [options] `scriptNonce`
 *   lets the dev server's own inline scripts (React's refresh preamble) run.
 */
export function appContentSecurityPolicy({ connectSources = [], scriptNonce } = {}) {
  const directives = [
    "default-src 'self'",
    `script-src 'self' blob: 'wasm-unsafe-eval'${scriptNonce ? ` 'nonce-${scriptNonce}'` : ''}`,
    "worker-src 'self' blob:",
    `connect-src 'self' blob: data: ${[...LOCAL_SERVERS, ...connectSources].join(' ')}`,
    "img-src 'self' blob: data:",
    "media-src 'self' blob: data:",
    // React and the canvas library set inline styles; styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ]
  return directives.join('; ')
}

/** The origin of a ComfyUI address such as `http://192.168.1.20:8188`, for `connectSources`; throws on anything else. */
export function serverOrigin(address) {
  let url
  try {
    url = new URL(address)
  } catch {
    throw new Error(`${address} is not an address`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${address} is not an http(s) address`)
  return url.origin
}

/** The origins of a list of ComfyUI addresses separated by commas or spaces (`COMFYUI_URL`); throws on one that is not an http(s) address. */
export function serverOrigins(addresses) {
  return [...new Set(addresses.split(/[\s,]+/).filter(Boolean).map(serverOrigin))]
}
