import { z } from 'zod'
import { defineNode, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { decodeAudioFile } from '../../src/media/audio/decode'
import { dbToGain } from '../../src/media/audio/gain'
import { renderGainedTracks } from '../../src/media/audio/render'
import { copyableSoundDuration, extractSound, NoSoundError, readPicture, replaceSound, type RemuxedClip } from '../../src/media/video/remux'
import { fitToClip } from './fit'

/** Opus, the codec the sound is encoded in when it cannot be copied, runs at 48 kHz. */
const SOUND_RATE = 48000
/** A copied sound may overrun or fall short of the picture by less than one packet (AAC: 21 ms at 48 kHz). */
const COPY_TOLERANCE_S = 0.05

export const replaceModes = ['replace', 'mix'] as const

export default defineNode({
  type: 'replace-audio',
  version: 1,
  title: 'Replace sound',
  category: 'Post',
  description:
    'A clip with new sound: as its only track, or mixed over the clip’s own sound at a chosen level. The picture is copied untouched; the sound is fitted to the clip’s length.',
  inputs: { video: port.video({ label: 'Clip' }), audio: port.audio({ label: 'New sound' }) },
  outputs: { video: port.video() },
  params: z.object({
    mode: z
      .enum(replaceModes)
      .default('replace')
      .meta({ label: 'Mode', description: 'Replace drops the clip’s own sound; mix keeps it under the new sound.' } satisfies ParamUi),
    originalGainDb: z
      .number()
      .min(-60)
      .max(12)
      .default(-12)
      .meta({ ui: 'slider', step: 0.5, unit: 'dB', label: 'Original level', description: 'The clip’s own sound under the new one, in mix mode.' } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const clipBlob = await ctx.assets.get(inputs.video)
    const soundBlob = await ctx.assets.get(inputs.audio)
    const { durationS } = await readPicture(clipBlob)
    ctx.progress(0.1)
    if (params.mode === 'replace') {
      const copyable = await copyableSoundDuration(clipBlob, soundBlob)
      if (copyable !== undefined && Math.abs(copyable - durationS) <= COPY_TOLERANCE_S) {
        ctx.log('the new sound is copied as it is: it fits the container and is as long as the clip')
        const remuxed = await replaceSound(clipBlob, { file: soundBlob }, ctx.signal)
        return { video: await storeClip(ctx, inputs.video, remuxed) }
      }
    }
    const frames = Math.round(durationS * SOUND_RATE)
    const sound = await decodeSound(soundBlob, inputs.audio.meta.name ?? 'the new sound')
    const fitted = fitToClip(sound, frames, SOUND_RATE)
    if (fitted.note) ctx.log(fitted.note)
    ctx.progress(0.4)
    const channels = params.mode === 'mix' ? await mixOverOriginal(clipBlob, fitted.channels, params.originalGainDb, ctx) : fitted.channels
    ctx.signal.throwIfAborted()
    ctx.progress(0.7)
    const remuxed = await replaceSound(clipBlob, { sampleRate: SOUND_RATE, channels: await stereoAtMost(channels) }, ctx.signal)
    return { video: await storeClip(ctx, inputs.video, remuxed) }
  },
})

async function decodeSound(file: Blob, name: string): Promise<Float32Array[]> {
  const decoded = await decodeAudioFile(await file.arrayBuffer(), SOUND_RATE).catch((error: unknown) => {
    throw new Error(`${name} cannot be decoded: ${error instanceof Error ? error.message : String(error)}`)
  })
  return decoded.channels
}

/** The new sound at full level over the clip's own sound at `originalGainDb`, as stereo. */
async function mixOverOriginal(
  clip: Blob,
  sound: Float32Array<ArrayBuffer>[],
  originalGainDb: number,
  ctx: RunContext,
): Promise<Float32Array<ArrayBuffer>[]> {
  const frames = sound[0]!.length
  const original = await extractSound(clip, ctx.signal).catch((error: unknown) => {
    if (error instanceof NoSoundError) return undefined
    throw error
  })
  if (!original) {
    ctx.log('the clip has no sound of its own: the new sound plays alone')
    return sound
  }
  const originalChannels = fitToClip(await decodeSound(original.blob, 'the clip’s own sound'), frames, SOUND_RATE).channels
  const constant = (gain: number) => new Float32Array(frames).fill(gain)
  const mixed = await renderGainedTracks(
    [
      { channels: sound, gains: constant(1) },
      { channels: originalChannels, gains: constant(dbToGain(originalGainDb)) },
    ],
    { sampleRate: SOUND_RATE, length: frames, channelCount: 2 },
  )
  return mixed.map((channel) => new Float32Array(channel))
}

/** Mono and stereo as they are; surround folded down to stereo by the Web Audio speaker rules. */
async function stereoAtMost(channels: Float32Array<ArrayBuffer>[]): Promise<Float32Array<ArrayBuffer>[]> {
  if (channels.length <= 2) return channels
  const frames = channels[0]!.length
  const folded = await renderGainedTracks([{ channels, gains: new Float32Array(frames).fill(1) }], {
    sampleRate: SOUND_RATE,
    length: frames,
    channelCount: 2,
  })
  return folded.map((channel) => new Float32Array(channel))
}

async function storeClip(ctx: RunContext, clip: AssetRef, remuxed: RemuxedClip): Promise<AssetRef> {
  return ctx.assets.put(remuxed.blob, {
    kind: 'video',
    mime: remuxed.blob.type,
    meta: { ...clip.meta, hasAudio: true, audioCodec: remuxed.audioCodec },
  })
}
