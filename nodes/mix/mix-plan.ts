/**
 * The mix decided before any sample moves: where each track sits on the timeline, how loud, which
 * tracks are heard (mute, solo) and which duck under the dialogue. Pure, so it is tested in Node.
 */
import { z } from 'zod'
import { dbToGain } from '../../src/media/audio/gain'
import type { ParamUi } from '../../src/engine'

export const trackRoles = ['dialogue', 'score', 'ambience', 'foley', 'original'] as const
export type TrackRole = (typeof trackRoles)[number]

/** The roles that step down while someone speaks; foley and the original sound stay put. */
const DUCKED_ROLES: ReadonlySet<TrackRole> = new Set(['score', 'ambience'])

const seconds = (label: string) =>
  z.number().min(0).max(3600).default(0).meta({ ui: 'number', step: 0.01, unit: 's', label } satisfies ParamUi)

/** One entry of the mix's `tracks` param: how one input track is played. */
export const trackSettingsSchema = z.object({
  role: z.enum(trackRoles).default('original'),
  gainDb: z.number().min(-60).max(24).default(0).meta({ ui: 'slider', step: 0.5, unit: 'dB', label: 'Gain' } satisfies ParamUi),
  offsetS: seconds('Starts at'),
  trimStartS: seconds('Trim head'),
  trimEndS: seconds('Trim tail'),
  fadeInS: seconds('Fade in'),
  fadeOutS: seconds('Fade out'),
  /** Repeats the (trimmed) track to the end of the mix. */
  loop: z.boolean().default(false),
  mute: z.boolean().default(false),
  solo: z.boolean().default(false),
})
export type TrackSettings = z.output<typeof trackSettingsSchema>

export const duckSettingsSchema = z.object({
  /** How far score and ambience go down under dialogue; 0 turns ducking off. */
  amountDb: z.number().min(0).max(40).default(9),
  thresholdDb: z.number().min(-80).max(0).default(-40),
  attackMs: z.number().min(0).max(2000).default(40),
  releaseMs: z.number().min(0).max(5000).default(350),
})
export type DuckSettings = z.output<typeof duckSettingsSchema>

/** What the plan needs to know of an input track, decoded at the mix's rate. */
export interface TrackSource {
  /** The file's name, for notes a person reads. */
  name: string
  frames: number
}

export interface PlannedTrack {
  /** Position among the input tracks, in link order. */
  index: number
  name: string
  role: TrackRole
  gain: number
  /** Where the track begins on the timeline. */
  startFrame: number
  /** Where the track stops on the timeline (exclusive): after one pass, or at the mix's end when looping. */
  endFrame: number
  /** The part of the source that plays: after the head trim, this many samples (then again, when looping). */
  sourceStartFrame: number
  sourceFrames: number
  loop: boolean
  fadeInFrames: number
  fadeOutFrames: number
  /** Heard in the mix: not muted, and soloed when any track is. */
  audible: boolean
  /** Goes down under the dialogue. */
  ducked: boolean
}

export interface MixPlan {
  frames: number
  tracks: PlannedTrack[]
  /** Things a person should know about how their settings were read. */
  notes: string[]
}

export function planMix(
  sources: readonly TrackSource[],
  settings: readonly TrackSettings[],
  duck: DuckSettings,
  sampleRate: number,
): MixPlan {
  const notes = entryNotes(sources.length, settings.length)
  const resolved = sources.map((_, index) => settings[index] ?? trackSettingsSchema.parse({}))
  const anySolo = resolved.some((track) => track.solo)
  const toFrames = (s: number) => Math.round(s * sampleRate)
  const placed = sources.map((source, index) => {
    const track = resolved[index]!
    const sourceStartFrame = Math.min(source.frames, toFrames(track.trimStartS))
    const sourceFrames = Math.max(0, source.frames - sourceStartFrame - toFrames(track.trimEndS))
    if (sourceFrames === 0) notes.push(`track ${index + 1} (${source.name}) is trimmed to nothing and stays silent`)
    return { track, source, index, sourceStartFrame, sourceFrames, startFrame: toFrames(track.offsetS) }
  })
  const frames = timelineFrames(placed.map(({ track, startFrame, sourceFrames }) => ({ loop: track.loop, startFrame, sourceFrames })))
  const audible = (track: TrackSettings) => !track.mute && (!anySolo || track.solo)
  const dialogueHeard = placed.some(({ track, sourceFrames }) => track.role === 'dialogue' && audible(track) && sourceFrames > 0)
  const tracks = placed.map(({ track, source, index, sourceStartFrame, sourceFrames, startFrame }): PlannedTrack => {
    const endFrame = track.loop && sourceFrames > 0 ? Math.max(startFrame, frames) : startFrame + sourceFrames
    return {
      index,
      name: source.name,
      role: track.role,
      gain: dbToGain(track.gainDb),
      startFrame,
      endFrame,
      sourceStartFrame,
      sourceFrames,
      loop: track.loop,
      fadeInFrames: toFrames(track.fadeInS),
      fadeOutFrames: toFrames(track.fadeOutS),
      audible: audible(track) && sourceFrames > 0,
      ducked: duck.amountDb > 0 && dialogueHeard && DUCKED_ROLES.has(track.role) && audible(track),
    }
  })
  if (duck.amountDb > 0 && !dialogueHeard && tracks.some((track) => DUCKED_ROLES.has(track.role) && track.audible)) {
    notes.push('no dialogue is heard, so nothing is ducked')
  }
  return { frames, tracks, notes }
}

/**
 * The mix runs to the end of its last track that does not loop; looping tracks fill up to there.
 * Muted tracks count too, so muting or soloing never changes the length of a mix cut to picture.
 * When every track loops, the mix is one pass of the longest.
 */
function timelineFrames(tracks: readonly { loop: boolean; startFrame: number; sourceFrames: number }[]): number {
  const ends = (loop: boolean) =>
    tracks.filter((track) => track.loop === loop && track.sourceFrames > 0).map((track) => track.startFrame + track.sourceFrames)
  const fixed = ends(false)
  return Math.max(0, ...(fixed.length > 0 ? fixed : ends(true)))
}

function entryNotes(trackCount: number, entryCount: number): string[] {
  if (entryCount < trackCount) {
    const first = entryCount + 1
    const which = first === trackCount ? `track ${first} has` : `tracks ${first}–${trackCount} have`
    return [`${which} no entry in "tracks" and play${first === trackCount ? 's' : ''} with the defaults (role original, 0 dB, from the start)`]
  }
  if (entryCount > trackCount) {
    return [`"tracks" has ${entryCount} entries for ${trackCount} linked track${trackCount === 1 ? '' : 's'}; the extra ones are ignored`]
  }
  return []
}
