import { z } from 'zod'
import { assetParam, defineNode, port } from '../../src/engine'
import { probeAudioFile } from '../../src/media/audio/decode'

export const acceptedSoundTypes =
  'audio/wav,audio/mpeg,audio/mp4,audio/aac,audio/ogg,audio/opus,audio/flac,.wav,.mp3,.m4a,.ogg,.opus,.flac'

export default defineNode({
  type: 'audio-input',
  version: 1,
  title: 'Sound',
  category: 'Inputs',
  description: 'A sound file from your computer (dialogue, score, ambience, foley): WAV, MP3, M4A/AAC, Ogg/Opus or FLAC.',
  inputs: {},
  outputs: { audio: port.audio() },
  params: z.object({
    file: assetParam('audio', acceptedSoundTypes).optional().meta({ label: 'Sound file' }),
  }),
  async run({ params, ctx }) {
    const file = params.file
    if (!file) throw new Error('No sound yet: upload one or drop a file on the node.')
    const bytes = await (await ctx.assets.get(file)).arrayBuffer()
    ctx.signal.throwIfAborted()
    const facts = await probeAudioFile(bytes).catch((error: unknown) => {
      const name = file.meta.name ?? 'this file'
      throw new Error(`“${name}” cannot be used as sound: ${error instanceof Error ? error.message : String(error)}`)
    })
    // The same stored bytes, with what decoding found out about them.
    return { audio: { ...file, meta: { ...file.meta, ...facts } } }
  },
})
