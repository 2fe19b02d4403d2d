/** Bytes as base64, in pieces so a large image does not overflow the argument list of fromCharCode. */
export async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000))
  }
  return btoa(binary)
}

/** `data:<type>;base64,…`, as the APIs that take images inline want them. */
export async function dataUriOf(blob: Blob): Promise<string> {
  return `data:${blob.type || 'application/octet-stream'};base64,${await base64Of(blob)}`
}
