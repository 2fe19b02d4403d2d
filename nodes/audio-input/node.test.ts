import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext } from '../../src/engine'
import { encodeWav } from '../../src/media/audio/wav'
import audioInput from './node'

const assets = new MemoryAssetStore()
const ctx = standaloneContext({ assets })

describe('audio-input node', () => {
  it('gives the stored sound with its duration, channels and sample rate', async () => {
    const silence = [new Float32Array(22050), new Float32Array(22050)]
    const wav = encodeWav(silence, 44100, { encoding: 'pcm16' })
    const file = await assets.put(new Blob([wav], { type: 'audio/wav' }), { kind: 'audio', meta: { name: 'room-tone.wav' } })
    const { audio } = await audioInput.run({ inputs: {}, params: { file }, ctx })
    expect(audio).toEqual({ ...file, meta: { name: 'room-tone.wav', durationS: 0.5, channels: 2, sampleRate: 44100 } })
  })

  it('says what to do when no sound was chosen yet', async () => {
    await expect(audioInput.run({ inputs: {}, params: {}, ctx })).rejects.toThrow(/No sound yet: upload one/)
  })

  it('refuses a file param that is not a sound', () => {
    const still = { kind: 'image', hash: 'a'.repeat(64), mime: 'image/png', bytes: 10, meta: {} }
    expect(audioInput.params.safeParse({ file: still }).success).toBe(false)
    expect(audioInput.params.safeParse({ file: { ...still, kind: 'audio', mime: 'audio/wav' } }).success).toBe(true)
  })
})
