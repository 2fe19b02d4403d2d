/*
 * A file made in memory (a render, a remux) as a Blob that carries the SHA-256 of its bytes, taken
 * from the bytes before they went into the Blob. The asset store addresses files by that hash
 * (`hashBytes` in src/engine/memory-stores.ts looks for it under the same registered symbol); without
 * it the store reads the whole Blob back out of Chromium's blob store to hash it, which for a remuxed
 * 1080p clip cost about as much as the remux itself.
 */
export const BLOB_SHA256 = Symbol.for('reelgraph.blob-sha256')

export function blobOfBytes(bytes: ArrayBuffer, type = ''): Blob {
  const blob = new Blob([bytes], { type })
  // Hashed now: digest copies the bytes as it is called, so nothing done to them later can change it.
  const sha256 = crypto.subtle.digest('SHA-256', bytes).then((digest) => [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join(''))
  // A failed digest is reported to whoever stores the Blob, not as an unhandled rejection here.
  sha256.catch(() => {})
  Object.defineProperty(blob, BLOB_SHA256, { value: sha256 })
  return blob
}
