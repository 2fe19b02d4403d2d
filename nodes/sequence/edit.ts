/*
 * The edit a person makes on the sequence's timeline, as params: one entry per link into `clips`
 * (kept in step with the links by the editor, ParamUi `perLink`) with the clip's place in the cut,
 * its in and out points and the dissolve into it. Pure arithmetic, shared by the node's run and the
 * timeline panel, so the timeline draws exactly the cut the run renders.
 */
import { z } from 'zod'
import type { ParamUi } from '../../src/engine'
import { framesAtRate, sequenceTimeline, type Timeline } from './timeline'

export const clipEditSchema = z.object({
  place: z
    .number()
    .int()
    .min(0)
    .optional()
    .meta({ ui: 'number', step: 1, label: 'Place', countsFromOne: true, placeholder: 'Link order', description: 'Where the clip sits in the cut.' } satisfies ParamUi),
  inS: z.number().min(0).default(0).meta({ ui: 'number', step: 0.01, unit: 's', label: 'In', description: 'Snapped to the nearest frame start of the clip.' } satisfies ParamUi),
  outS: z
    .number()
    .positive()
    .optional()
    .meta({ ui: 'number', step: 0.01, unit: 's', label: 'Out', placeholder: 'End', description: 'Snapped to the nearest frame start of the clip.' } satisfies ParamUi),
  dissolveS: z
    .number()
    .min(0)
    .max(10)
    .optional()
    .meta({ ui: 'number', step: 0.05, unit: 's', label: 'Dissolve in', placeholder: 'Crossfade', description: 'From the clip before into this one; 0 cuts.' } satisfies ParamUi),
})
export type ClipEdit = z.output<typeof clipEditSchema>

/** What the edit needs to know of a linked clip: its frame rate and how many frames it has. */
export interface ClipLength {
  fps: number
  frameCount: number
}

/** One clip as the cut uses it. */
export interface EditedClip {
  /** Its link's index among the links into `clips`. */
  link: number
  /** The first frame of the clip shown, counted in the clip's own frames. */
  first: number
  /** How many of the clip's own frames are shown. */
  sourceFrames: number
  /** Its length in frames of the sequence. */
  frames: number
}

export interface Edit {
  /** The clips in the order the cut plays them. */
  clips: EditedClip[]
  /** The dissolve at each join, in frames of the sequence: `joins[i]` is between clip i and i + 1. */
  joins: number[]
  timeline: Timeline
}

/**
 * The links in the order the cut plays them: by place, a link without one at its link order (a
 * clip placed there by the person goes first), then by link order.
 */
export function playOrder(linkCount: number, edits: readonly (ClipEdit | undefined)[]): number[] {
  const links = Array.from({ length: linkCount }, (_, link) => link)
  const placed = (link: number) => (edits[link]?.place === undefined ? 1 : 0)
  return links.sort((a, b) => (edits[a]?.place ?? a) - (edits[b]?.place ?? b) || placed(a) - placed(b) || a - b)
}

/** A clip's in and out points as frames of the clip, snapped to the nearest frame start. */
export function trimFrames(clip: ClipLength, edit: ClipEdit | undefined, name: string): { first: number; end: number } {
  const first = Math.round((edit?.inS ?? 0) * clip.fps)
  const end = edit?.outS === undefined ? clip.frameCount : Math.min(clip.frameCount, Math.round(edit.outS * clip.fps))
  if (first >= clip.frameCount) throw new Error(`${name}: the in point (${edit?.inS} s) is at or past the clip’s last frame`)
  if (end <= first) throw new Error(`${name}: the in point (${edit?.inS} s) and the out point (${edit?.outS} s) fall on the same frame; keep at least one frame`)
  return { first, end }
}

/**
 * The cut of `clips` (in link order) as the edits say, at the sequence's rate `fps`: each clip
 * trimmed, in play order, with the dissolve at each join (its own, or `crossfadeS`).
 */
export function editOf(clips: readonly ClipLength[], edits: readonly (ClipEdit | undefined)[], crossfadeS: number, fps: number): Edit {
  const order = playOrder(clips.length, edits)
  const edited = order.map((link): EditedClip => {
    const clip = clips[link]!
    const { first, end } = trimFrames(clip, edits[link], `clip ${link + 1}`)
    return { link, first, sourceFrames: end - first, frames: framesAtRate(end - first, clip.fps, fps) }
  })
  const joins = order.slice(1).map((link) => Math.round((edits[link]?.dissolveS ?? crossfadeS) * fps))
  return { clips: edited, joins, timeline: sequenceTimeline(edited.map(({ frames }) => frames), joins) }
}
