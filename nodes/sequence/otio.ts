/*
 * The sequence's cut as OpenTimelineIO JSON (`.otio`), which Resolve, Premiere (through its
 * plug-in), Nuke, RV and OTIO's own adapters read. The objects and their fields are the serialized
 * schemas OpenTimelineIO documents (docs/tutorials/otio-serialized-schema.md in its repository):
 * Timeline.1 over a Stack.1 of Track.1s, holding Clip.2, Gap.1 and Transition.1, each clip pointing
 * at its file with an ExternalReference.1, times as RationalTime.1 and TimeRange.1.
 *
 * - Each clip's source range starts at its first frame in its file, at the file's own rate, and lasts
 *   its length on the timeline, at the timeline's rate: exact at any mix of rates.
 * - A dissolve cuts where it starts: the outgoing clip ends there and the transition reaches
 *   `out_offset` frames into the incoming clip (its `in_offset` is zero), using the outgoing clip's
 *   frames past its range as the handle, as the EDL lists it.
 * - The timeline starts at the cut's start timecode (01:00:00:00 unless the node says otherwise);
 *   the sound follows each clip on track A1 (a gap where a clip has none), with the same crossfades.
 */
import { cutEvents, dissolveInto, exactRate, type Cut, type CutClip } from './cut'

type Json = { [key: string]: Json } | Json[] | string | number | boolean | null

function rationalTime(value: number, rate: number): Json {
  return { OTIO_SCHEMA: 'RationalTime.1', rate, value }
}

function timeRange(start: Json, duration: Json): Json {
  return { OTIO_SCHEMA: 'TimeRange.1', start_time: start, duration }
}

export function cutAsOtio(cut: Cut): string {
  const rate = exactRate(cut.fps)
  const events = cutEvents(cut)
  const clipItem = (clip: CutClip, index: number): Json => {
    const sourceRate = exactRate(clip.source.fps)
    // Media time counts from the file's own start timecode, as OTIO's readers of the file do.
    const start = clip.sourceTimecode?.startFrame ?? 0
    return {
      OTIO_SCHEMA: 'Clip.2',
      metadata: {},
      name: clip.name,
      source_range: timeRange(rationalTime(start + clip.source.first, sourceRate), rationalTime(events[index]!.recordFrames, rate)),
      effects: [],
      markers: [],
      enabled: true,
      media_references: {
        DEFAULT_MEDIA: {
          OTIO_SCHEMA: 'ExternalReference.1',
          metadata: {},
          name: clip.name,
          available_range: timeRange(rationalTime(start, sourceRate), rationalTime(clip.source.fileFrames, sourceRate)),
          available_image_bounds: null,
          target_url: clip.name,
        },
      },
      active_media_reference_key: 'DEFAULT_MEDIA',
    }
  }
  const gap = (index: number): Json => ({
    OTIO_SCHEMA: 'Gap.1',
    metadata: {},
    name: '',
    source_range: timeRange(rationalTime(0, rate), rationalTime(events[index]!.recordFrames, rate)),
    effects: [],
    markers: [],
    enabled: true,
  })
  const dissolve = (frames: number): Json => ({
    OTIO_SCHEMA: 'Transition.1',
    metadata: {},
    name: 'Dissolve',
    transition_type: 'SMPTE_Dissolve',
    in_offset: rationalTime(0, rate),
    out_offset: rationalTime(frames, rate),
  })
  const track = (name: string, kind: 'Video' | 'Audio', item: (clip: CutClip, index: number) => Json): Json => {
    const children: Json[] = []
    cut.clips.forEach((clip, index) => {
      const previous = children.at(-1)
      const current = item(clip, index)
      // A transition joins two clips; a sound fading into or out of a gap has nothing to blend.
      const joinsClips = isClip(previous) && isClip(current)
      const fade = dissolveInto(cut, index)
      if (fade > 0 && joinsClips) children.push(dissolve(fade))
      children.push(current)
    })
    return { OTIO_SCHEMA: 'Track.1', metadata: {}, name, source_range: null, effects: [], markers: [], enabled: true, children, kind }
  }
  const timeline: Json = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: {},
    name: cut.title,
    global_start_time: rationalTime(cut.startFrame, rate),
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      metadata: {},
      name: 'tracks',
      source_range: null,
      effects: [],
      markers: [],
      enabled: true,
      children: [
        track('V1', 'Video', clipItem),
        track('A1', 'Audio', (clip, index) => (clip.sound ? clipItem(clip, index) : gap(index))),
      ],
    },
  }
  return `${JSON.stringify(timeline, null, 4)}\n`
}

function isClip(item: Json | undefined): boolean {
  return typeof item === 'object' && item !== null && !Array.isArray(item) && item.OTIO_SCHEMA === 'Clip.2'
}
