/**
 * Checks an `.otio` document against the serialized schemas OpenTimelineIO documents
 * (docs/tutorials/otio-serialized-schema.md in its repository: Timeline.1, Stack.1, Track.1,
 * Clip.2, Gap.1, Transition.1, ExternalReference.1, RationalTime.1, TimeRange.1), sharing nothing
 * with the writer, and reads its tracks back in frames as an editor's timeline lays them out.
 */
import { z } from 'zod'

const metadata = z.record(z.string(), z.unknown())
const rationalTime = z.strictObject({ OTIO_SCHEMA: z.literal('RationalTime.1'), rate: z.number().positive(), value: z.number() })
const timeRange = z.strictObject({ OTIO_SCHEMA: z.literal('TimeRange.1'), start_time: rationalTime, duration: rationalTime })
const itemFields = {
  metadata,
  name: z.string(),
  source_range: timeRange.nullable(),
  effects: z.array(z.unknown()),
  markers: z.array(z.unknown()),
  enabled: z.boolean().optional(),
}
const externalReference = z.strictObject({
  OTIO_SCHEMA: z.literal('ExternalReference.1'),
  metadata,
  name: z.string(),
  available_range: timeRange.nullable(),
  available_image_bounds: z.unknown().optional(),
  target_url: z.string().min(1),
})
const clip = z.strictObject({
  OTIO_SCHEMA: z.literal('Clip.2'),
  ...itemFields,
  source_range: timeRange,
  media_references: z.record(z.string(), externalReference),
  active_media_reference_key: z.string(),
})
const gap = z.strictObject({ OTIO_SCHEMA: z.literal('Gap.1'), ...itemFields, source_range: timeRange })
const transition = z.strictObject({
  OTIO_SCHEMA: z.literal('Transition.1'),
  metadata,
  name: z.string(),
  transition_type: z.string(),
  in_offset: rationalTime,
  out_offset: rationalTime,
})
const track = z.strictObject({
  OTIO_SCHEMA: z.literal('Track.1'),
  ...itemFields,
  kind: z.enum(['Video', 'Audio']),
  children: z.array(z.discriminatedUnion('OTIO_SCHEMA', [clip, gap, transition])),
})
const timeline = z.strictObject({
  OTIO_SCHEMA: z.literal('Timeline.1'),
  metadata,
  name: z.string(),
  global_start_time: rationalTime.nullable(),
  tracks: z.strictObject({ OTIO_SCHEMA: z.literal('Stack.1'), ...itemFields, children: z.array(track) }),
})

export type OtioTimeline = z.infer<typeof timeline>
export type OtioTrack = z.infer<typeof track>

/** Parses and checks the document; throws with the schema's complaint when it does not fit. */
export function readOtio(text: string): OtioTimeline {
  return timeline.parse(JSON.parse(text))
}

/** A time in frames of `rate`; throws when it falls between frames. */
export function framesAt(time: z.infer<typeof rationalTime>, rate: number): number {
  const frames = (time.value / time.rate) * rate
  if (Math.abs(frames - Math.round(frames)) > 1e-6) throw new Error(`${time.value}@${time.rate} is not on a frame at ${rate}`)
  return Math.round(frames)
}

export interface PlacedItem {
  kind: 'clip' | 'gap' | 'transition'
  name: string
  url?: string
  /** Where the item starts on the track and how long it lasts, in frames of the track's rate. */
  start: number
  frames: number
  /** A clip's first frame in its media, in the media's frames, and the media's rate. */
  sourceIn?: number
  sourceRate?: number
  inOffset?: number
  outOffset?: number
}

/** A track's items end to end (transitions overlap and take no time of their own), at `rate`. */
export function placeTrack(otioTrack: OtioTrack, rate: number): { items: PlacedItem[]; frames: number } {
  let at = 0
  const items = otioTrack.children.map((child): PlacedItem => {
    if (child.OTIO_SCHEMA === 'Transition.1') {
      return { kind: 'transition', name: child.name, start: at, frames: 0, inOffset: framesAt(child.in_offset, rate), outOffset: framesAt(child.out_offset, rate) }
    }
    const frames = framesAt(child.source_range.duration, rate)
    const start = at
    at += frames
    if (child.OTIO_SCHEMA === 'Gap.1') return { kind: 'gap', name: child.name, start, frames }
    const media = child.media_references[child.active_media_reference_key]
    if (!media) throw new Error(`clip ${child.name} has no media reference ${child.active_media_reference_key}`)
    const sourceRate = child.source_range.start_time.rate
    return { kind: 'clip', name: child.name, url: media.target_url, start, frames, sourceIn: framesAt(child.source_range.start_time, sourceRate), sourceRate }
  })
  return { items, frames: at }
}
