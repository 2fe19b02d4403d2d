/**
 * Kling's per-request token (docs/providers.md §3): a JWT signed HS256 with the secret key, issued by the
 * access key, valid for 30 minutes and from 5 s ago (for clock skew). Signed with WebCrypto, so the
 * secret never leaves this machine.
 */
import { base64Url } from '../encoding'

export async function klingToken(accessKey: string, secretKey: string, nowS = Math.floor(Date.now() / 1000)): Promise<string> {
  const part = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)))
  const header = part({ alg: 'HS256', typ: 'JWT' })
  const payload = part({ iss: accessKey, exp: nowS + 1800, nbf: nowS - 5 })
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secretKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${header}.${payload}`))
  return `${header}.${payload}.${base64Url(new Uint8Array(signature))}`
}
