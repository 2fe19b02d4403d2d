/*
 * Where things sit on the timeline, in frames of the sequence: each clip's block (its event, ended
 * where the next clip's dissolve starts, as an editor's timeline draws it), each dissolve, and the
 * ruler's ticks. Pure, so the panel and its tests share it.
 */
import { joinAfter } from '../../../nodes/sequence/timeline'
import type { Edit } from '../../../nodes/sequence/edit'
import type { WaveformPeaks } from '../../media/audio/peaks'

export interface ClipBlock {
  /** Its position in play order. */
  index: number
  link: number
  start: number
  /** Frames of the block: the clip less the dissolve into the next one. */
  frames: number
  /** The dissolve into it from the clip before, in frames (0 for the first clip and for a cut). */
  dissolve: number
}

export function clipBlocks(edit: Edit): ClipBlock[] {
  return edit.clips.map((clip, index) => ({
    index,
    link: clip.link,
    start: edit.timeline.starts[index]!,
    frames: clip.frames - (index < edit.clips.length - 1 ? joinAfter(edit.joins, index) : 0),
    dissolve: index > 0 ? joinAfter(edit.joins, index - 1) : 0,
  }))
}

/** Where a block dragged so its middle is at `middle` (frames) lands among the others: its new play position. */
export function dropPosition(blocks: readonly ClipBlock[], dragged: number, middle: number): number {
  return blocks.filter((block) => block.index !== dragged && block.start + block.frames / 2 < middle).length
}

/** Frames between ruler ticks: the shortest whole step (frames, then seconds) at least `minPx` apart. */
export function tickStep(pixelsPerFrame: number, fps: number, minPx = 80): number {
  const perSecond = Math.max(1, Math.round(fps))
  const frameSteps = [1, 2, 5, 10].filter((step) => step < perSecond)
  const secondSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((seconds) => seconds * perSecond)
  return [...frameSteps, ...secondSteps].find((step) => step * pixelsPerFrame >= minPx) ?? secondSteps.at(-1)!
}

/** A sound's waveform between two moments of it: the part of a clip's sound the cut keeps. */
export function peaksBetween(peaks: WaveformPeaks, fromS: number, toS: number): WaveformPeaks {
  const columns = peaks.max.length
  const at = (seconds: number) => Math.max(0, Math.min(columns, Math.round((seconds / peaks.durationS) * columns)))
  const first = at(fromS)
  const end = Math.max(first + 1, at(toS))
  return { durationS: toS - fromS, min: peaks.min.subarray(first, end), max: peaks.max.subarray(first, end) }
}
