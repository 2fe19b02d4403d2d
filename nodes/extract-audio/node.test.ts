import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext } from '../../src/engine'
import extractAudio from './node'

const assets = new MemoryAssetStore()
const ctx = standaloneContext({ assets })

async function storedClip(bytes: Uint8Array<ArrayBuffer>, meta: Record<string, unknown>) {
  return assets.put(new Blob([bytes], { type: 'video/mp4' }), { kind: 'video', meta })
}

describe('extract-audio node', () => {
  it('says the clip has no sound when its probe found none', async () => {
    const video = await storedClip(new Uint8Array([0, 0, 0, 8]), { name: 'wide.mp4', hasAudio: false })
    await expect(extractAudio.run({ inputs: { video }, params: {}, ctx })).rejects.toThrow('wide.mp4 has no sound track to extract')
  })

  it('names the clip when its file cannot be read', async () => {
    const video = await storedClip(new Uint8Array([1, 2, 3, 4]), { name: 'broken.mp4' })
    await expect(extractAudio.run({ inputs: { video }, params: {}, ctx })).rejects.toThrow(/^the sound of broken\.mp4 cannot be extracted: /)
  })

  it('has a video in and a sound out, and no params', () => {
    expect(extractAudio.inputs).toEqual({ video: { type: 'video', label: 'Clip' } })
    expect(extractAudio.outputs).toEqual({ audio: { type: 'audio', label: 'Sound' } })
    expect(extractAudio.params.parse({})).toEqual({})
  })
})
