import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext } from '../../src/engine'
import imageInput from './node'

const assets = new MemoryAssetStore()
const ctx = standaloneContext({ assets })

describe('image-input node', () => {
  it('outputs the chosen image as it is stored', async () => {
    const file = await assets.put(new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), {
      kind: 'image',
      meta: { name: 'frame.png', width: 4, height: 3 },
    })
    expect(await imageInput.run({ inputs: {}, params: { file }, ctx })).toEqual({ image: file })
  })

  it('says what to do when no image was chosen yet', async () => {
    await expect(imageInput.run({ inputs: {}, params: {}, ctx })).rejects.toThrow(/upload one, drop a file on the node, or paste one/)
  })

  it('refuses a file param that is not an image asset', () => {
    const sound = { kind: 'audio', hash: 'a'.repeat(64), mime: 'audio/wav', bytes: 10, meta: {} }
    expect(imageInput.params.safeParse({ file: sound }).success).toBe(false)
    expect(imageInput.params.safeParse({ file: { ...sound, kind: 'image', hash: 'not-a-hash' } }).success).toBe(false)
  })
})
