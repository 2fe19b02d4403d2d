import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { assetRefSchema, MemoryAssetStore, standaloneContext, type AssetRef } from '../../src/engine'
import { decodeWav, encodeWav } from '../../src/media/audio/wav'
import exportStems from './node'

const assets = new MemoryAssetStore()
const ctx = standaloneContext({ assets })

async function storeWav(samples: number[], meta: Record<string, unknown>): Promise<AssetRef> {
  const wav = encodeWav([Float32Array.from(samples), Float32Array.from(samples)], 48000, { encoding: 'float32' })
  return assets.put(new Blob([wav], { type: 'audio/wav' }), { kind: 'audio', mime: 'audio/wav', meta })
}

/** The exported files, read back through the asset schema (a node's outputs are untyped values). */
async function exportFiles(audio: AssetRef, params: Record<string, unknown>): Promise<AssetRef[]> {
  const outputs = await exportStems.run({ inputs: { audio }, params: exportStems.params.parse(params), ctx })
  return z.array(assetRefSchema).parse(outputs.files)
}

async function mixWithStems(): Promise<AssetRef> {
  const dialogue = await storeWav([0.25, -0.5], { name: 'dialogue.wav', role: 'dialogue' })
  const score = await storeWav([0.5, 0.75], { name: 'score.wav', role: 'score' })
  return storeWav([0.75, 0.25], { name: 'mix.wav', stems: [dialogue, score] })
}

describe('export-stems node', () => {
  it('passes the mix and its stems on as they are stored, named for saving', async () => {
    const audio = await mixWithStems()
    const files = await exportFiles(audio, { name: 'night-tram' })
    expect(files.map((file) => file.meta.name)).toEqual(['night-tram.wav', 'night-tram-dialogue.wav', 'night-tram-score.wav'])
    expect(files[0]?.hash).toBe(audio.hash)
    expect(files[0]?.meta).not.toHaveProperty('stems')
  })

  it('writes 16-bit PCM when asked, with the same samples', async () => {
    const audio = await mixWithStems()
    const files = await exportFiles(audio, { encoding: 'pcm16' })
    const dialogue = decodeWav(await (await assets.get(files[1]!)).arrayBuffer())
    expect(dialogue.sampleFormat).toBe('pcm16')
    expect([...dialogue.channels[0]!]).toEqual([0.25, -0.5])
    expect(files[1]?.meta.name).toBe('mix-dialogue.wav')
  })

  it('refuses a sound that is not a mix', async () => {
    const audio = await storeWav([0.1], { name: 'voice.wav' })
    await expect(exportFiles(audio, {})).rejects.toThrow(/not the output of a Mix node/)
  })
})
