import { z } from 'zod'
import { defineNode, port } from '../../src/engine'
import { extractSound, NoSoundError } from '../../src/media/video/remux'

export default defineNode({
  type: 'extract-audio',
  version: 1,
  title: 'Clip sound',
  category: 'Post',
  description:
    'The sound of a clip on its own, to mix, replace or deliver: its packets copied into an M4A, Ogg or WebM file when they fit one, decoded to WAV otherwise.',
  inputs: { video: port.video({ label: 'Clip' }) },
  outputs: { audio: port.audio({ label: 'Sound' }) },
  params: z.object({}),
  async run({ inputs, ctx }) {
    const clip = inputs.video
    const clipName = clip.meta.name ?? 'the clip'
    // The probe's answer saves reading the file when the clip is known to be silent.
    if (clip.meta.hasAudio === false) throw new Error(`${clipName} has no sound track to extract`)
    const sound = await extractSound(await ctx.assets.get(clip), ctx.signal).catch((error: unknown) => {
      if (error instanceof NoSoundError) throw new Error(`${clipName} has no sound track to extract`)
      throw new Error(`the sound of ${clipName} cannot be extracted: ${error instanceof Error ? error.message : String(error)}`)
    })
    ctx.log(sound.copied ? `${sound.codec} sound copied as it is (${sound.extension.toUpperCase()})` : `${sound.codec} sound decoded to WAV`)
    const stem = clipName.replace(/\.[^.]+$/, '')
    const audio = await ctx.assets.put(sound.blob, {
      kind: 'audio',
      mime: sound.blob.type,
      meta: {
        name: `${stem}.${sound.extension}`,
        durationS: sound.durationS,
        channels: sound.channels,
        sampleRate: sound.sampleRate,
        codec: sound.codec,
      },
    })
    return { audio }
  },
})
