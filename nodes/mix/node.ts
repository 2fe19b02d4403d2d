import { z } from 'zod'
import { defineNode, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { decodeAudioFile, type DecodedAudio } from '../../src/media/audio/decode'
import { downmixFiveOne } from '../../src/media/audio/downmix'
import { duckingEnvelope } from '../../src/media/audio/gain'
import { renderGainedTracks } from '../../src/media/audio/render'
import { encodeWav } from '../../src/media/audio/wav'
import { duckSettingsSchema, planMix, trackRoles, trackSettingsSchema, type PlannedTrack } from './mix-plan'
import { normaliseMix } from './normalise'
import { dialogueSidechain, placeOnTimeline, sumChannels, trackGains } from './timeline'

/** The rate of picture sound (film, broadcast, web video); every track is brought to it. */
const MIX_RATE = 48000
const MIX_CHANNELS = 2

export default defineNode({
  type: 'mix',
  // 2: a true-peak limiter reaches the loudness target (a missed one is a warning), and 5.1 folds
  // down by ITU-R BS.775; params unchanged.
  version: 2,
  migrations: { 1: (params) => params },
  title: 'Mix',
  category: 'Post',
  description:
    'Dialogue, score, ambience and foley in one 48 kHz stereo mix: level, offset, trim, fades and loop per track, score and ambience ducked under dialogue, normalised to a delivery loudness. Also gives one stem per role.',
  inputs: { tracks: port.list('audio', { label: 'Tracks' }) },
  outputs: { audio: port.audio({ label: 'Mix' }), stems: port.list('audio', { label: 'Stems' }) },
  params: z.object({
    tracks: z
      .array(trackSettingsSchema)
      .max(256)
      .default([])
      .meta({ description: 'One entry per linked track, in link order.', perLink: 'tracks' } satisfies ParamUi),
    duck: duckSettingsSchema.prefault({}),
    targetLufs: z
      .number()
      .min(-36)
      .max(-6)
      .nullable()
      .default(-14)
      .meta({
        ui: 'number',
        step: 1,
        unit: 'LUFS',
        label: 'Loudness',
        enableLabel: 'Normalise',
        description: '−14 for web platforms, −16 for podcasts and mobile, −23 (EBU R128) or −24 (ATSC) for broadcast; empty leaves the level alone.',
      } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const sources = await decodeTracks(inputs.tracks, ctx)
    const plan = planMix(
      sources.map(({ name, audio }) => ({ name, frames: audio.channels[0]!.length })),
      params.tracks,
      params.duck,
      MIX_RATE,
    )
    for (const note of plan.notes) ctx.log(note)
    if (plan.frames === 0) throw new Error('there is no sound to mix: every track is trimmed to nothing')
    const heard = plan.tracks.filter((track) => track.audible)
    if (heard.length === 0) ctx.log('every track is muted: the mix is silence')

    const placed = new Map(heard.map((track) => [track, placeOnTimeline(sources[track.index]!.audio.channels, track, plan.frames)]))
    const duck = duckEnvelopeFor(heard, placed, plan.frames, params.duck)
    // Each role renders in its own OfflineAudioContext, on the audio thread: side by side they share the cores.
    let rendered = 0
    const stems = await Promise.all(
      trackRoles
        .map((role) => ({ role, members: heard.filter((track) => track.role === role) }))
        .filter(({ members }) => members.length > 0)
        .map(async ({ role, members }) => {
          const channels = await renderGainedTracks(
            members.map((track) => ({ channels: placed.get(track)!, gains: trackGains(track, plan.frames, track.ducked ? duck : undefined) })),
            { sampleRate: MIX_RATE, length: plan.frames, channelCount: MIX_CHANNELS },
          )
          ctx.progress(0.4 + (0.4 * ++rendered) / trackRoles.length)
          return { role, channels }
        }),
    )
    ctx.signal.throwIfAborted()
    // The mix is the sum of its stems, so the stems rebuild it exactly in another mixing room.
    const mix = sumChannels(
      stems.map((stem) => stem.channels),
      MIX_CHANNELS,
      plan.frames,
    )
    const { notes: levelNotes, warnings, ...loudness } = normaliseMix(
      mix,
      stems.map((stem) => stem.channels),
      MIX_RATE,
      params.targetLufs,
    )
    for (const note of [...levelNotes, ...warnings]) ctx.log(note)
    ctx.signal.throwIfAborted()
    ctx.progress(0.9)

    const stemRefs: AssetRef[] = []
    for (const stem of stems) stemRefs.push(await storeWav(ctx, stem.channels, { name: `${stem.role}.wav`, role: stem.role }))
    // A missed target travels with the mix, so the run record and report.json say it, from the cache too.
    const audio = await storeWav(ctx, mix, { name: 'mix.wav', ...loudness, stems: stemRefs, ...(warnings.length > 0 ? { warnings } : {}) })
    return { audio, stems: stemRefs }
  },
})

interface NamedSource {
  name: string
  audio: DecodedAudio
}

/** Decoded side by side: the browser decodes off the main thread, so the tracks share the cores. */
async function decodeTracks(tracks: readonly AssetRef[], ctx: RunContext): Promise<NamedSource[]> {
  let decoded = 0
  return Promise.all(
    tracks.map(async (ref, index) => {
      const name = ref.meta.name ?? `track ${index + 1}`
      const file = await (await ctx.assets.get(ref)).arrayBuffer()
      ctx.signal.throwIfAborted()
      const audio = await decodeAudioFile(file, MIX_RATE).catch((error: unknown) => {
        throw new Error(`track ${index + 1} (${name}) cannot be decoded: ${error instanceof Error ? error.message : String(error)}`)
      })
      ctx.progress((0.4 * ++decoded) / tracks.length)
      // 5.1 folds to stereo here by ITU-R BS.775, not by Web Audio's louder rule when it renders.
      return { name, audio: { ...audio, channels: downmixFiveOne(audio.channels) } }
    }),
  )
}

/** The gain that ducks score and ambience, listening to the dialogue as it will be heard. */
function duckEnvelopeFor(
  heard: readonly PlannedTrack[],
  placed: ReadonlyMap<PlannedTrack, Float32Array<ArrayBuffer>[]>,
  frames: number,
  settings: z.output<typeof duckSettingsSchema>,
): Float32Array | undefined {
  if (!heard.some((track) => track.ducked)) return undefined
  const dialogue = heard
    .filter((track) => track.role === 'dialogue')
    .map((track) => ({ channels: placed.get(track)!, gains: trackGains(track, frames) }))
  return duckingEnvelope(dialogueSidechain(dialogue, frames), MIX_RATE, settings)
}

/**
 * Stored as 32-bit float WAV: the mix feeds other nodes, and float keeps every level exact and
 * anything over 0 dBFS (a mix left un-normalised) unclipped; export-stems writes 16-bit for delivery.
 */
async function storeWav(ctx: RunContext, channels: readonly Float32Array[], meta: Record<string, unknown>): Promise<AssetRef> {
  const bytes = encodeWav(channels, MIX_RATE, { encoding: 'float32' })
  return ctx.assets.put(new Blob([bytes], { type: 'audio/wav' }), {
    kind: 'audio',
    mime: 'audio/wav',
    meta: { ...meta, durationS: channels[0]!.length / MIX_RATE, channels: channels.length, sampleRate: MIX_RATE },
  })
}
