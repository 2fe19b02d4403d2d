import { afterEach, describe, expect, it, vi } from 'vitest'
import { hashBytes, MemoryAssetStore } from '../../src/engine'
import { blobOfBytes } from '../../src/media/blob-of-bytes'

afterEach(() => vi.restoreAllMocks())

describe('a Blob made from bytes in memory', () => {
  const bytes = () => Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff).buffer

  it('is stored under the hash of its bytes without being read back', async () => {
    const blob = blobOfBytes(bytes(), 'video/mp4')
    const readBack = vi.spyOn(Blob.prototype, 'arrayBuffer')
    const ref = await new MemoryAssetStore().put(blob, { kind: 'video' })
    expect(readBack).not.toHaveBeenCalled()
    expect(ref.hash).toBe(await hashBytes(new Blob([bytes()])))
    expect(ref).toMatchObject({ mime: 'video/mp4', bytes: 100_000 })
  })

  it('keeps the hash of the bytes it was made of when the caller reuses them afterwards', async () => {
    const buffer = bytes()
    const blob = blobOfBytes(buffer)
    new Uint8Array(buffer).fill(0)
    expect(await hashBytes(blob)).toBe(await hashBytes(new Blob([bytes()])))
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array(bytes()))
  })
})
