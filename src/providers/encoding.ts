/** Bytes as base64, in pieces so a large image does not overflow the argument list of fromCharCode. */
export function base64OfBytes(bytes: Uint8Array): string {
  let binary = ''
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000))
  }
  return btoa(binary)
}

export async function base64Of(blob: Blob): Promise<string> {
  return base64OfBytes(new Uint8Array(await blob.arrayBuffer()))
}

/** The URL-safe alphabet without padding (RFC 4648 §5): JWTs, link fragments. */
export function base64Url(bytes: Uint8Array): string {
  return base64OfBytes(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

/** `data:<type>;base64,…`, as the APIs that take images inline want them. */
export async function dataUriOf(blob: Blob): Promise<string> {
  return `data:${blob.type || 'application/octet-stream'};base64,${await base64Of(blob)}`
}
