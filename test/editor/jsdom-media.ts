import { Blob as NodeBlob } from 'node:buffer'
import { afterAll, beforeAll } from 'vitest'

/**
 * For component tests under jsdom that store media: the engine and storage run under Node beside
 * jsdom's DOM, and jsdom's Blob gives bytes from its own realm, which Node's WebCrypto refuses to
 * hash, so stored media is made with Node's Blob, as in the node-environment tests. jsdom loads no
 * media either: an object URL is a name it never loads, so pictures, clips and thumbnails stay empty
 * here (the e2e tests see them). Call it at the top of a test file.
 */
export function storeMediaUnderJsdom(): void {
  const { createObjectURL, revokeObjectURL } = URL
  const domBlob = globalThis.Blob
  beforeAll(() => {
    let made = 0
    globalThis.Blob = NodeBlob as unknown as typeof Blob
    URL.createObjectURL = () => `blob:test/${++made}`
    URL.revokeObjectURL = () => undefined
  })
  afterAll(() => {
    globalThis.Blob = domBlob
    URL.createObjectURL = createObjectURL
    URL.revokeObjectURL = revokeObjectURL
  })
}
