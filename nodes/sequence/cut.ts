/*
 * The sequence's cut as the hand-off formats see it: each clip's file, the frames of that file it
 * shows (at the file's own rate) and its place on the sequence's timeline (at the sequence's rate).
 * The EDL, OTIO and FCPXML writers all read this one model, so the three say the same cut.
 */
import type { FrameSpan } from '../../src/media/video/frame-span'
import { joinAfter, type Joins, type Timeline } from './timeline'

export interface CutClip {
  /** The file the clip's frames come from, as an editor's media pool names it. */
  name: string
  /** The frames of that file the sequence shows, at the file's own rate. */
  source: FrameSpan
  /**
   * The file's own start timecode, where it has one (a clip Reelgraph exported or cut carries it):
   * its first frame's count, and whether it is drop-frame (29.97 or 59.94 fps, written with “;”).
   * Source times count from it; without it, from 0.
   */
  sourceTimecode?: { startFrame: number; dropFrame: boolean }
  /** Its picture's size. */
  width: number
  height: number
  /** Its length in frames of the sequence. */
  frames: number
  /** Its sound, when it has any. */
  sound?: { channels: number; sampleRate: number }
}

export interface Cut {
  title: string
  /** The sequence's frame rate, and its frame size. */
  fps: number
  width: number
  height: number
  clips: CutClip[]
  /** The dissolve at each join, in frames of the sequence (one number: the same at every join). */
  crossfadeFrames: Joins
  timeline: Timeline
  /**
   * The record side's first frame, counted at the sequence's whole-number rate (the `startTimecode`
   * param as frames): 86 400 for 01:00:00:00 at 24 fps; 107 892 for 01:00:00;00 at 29.97 fps,
   * drop-frame leaving out the labels it skips.
   */
  startFrame: number
  /** The record side is drop-frame timecode (29.97 or 59.94 fps, a start timecode written with “;”). */
  dropFrame?: boolean
}

/** Frame rates with an exact ratio, the ones cameras and timelines use. */
const STANDARD_RATES: readonly [number, number][] = [
  [24000, 1001],
  [24, 1],
  [25, 1],
  [30000, 1001],
  [30, 1],
  [48, 1],
  [50, 1],
  [60000, 1001],
  [60, 1],
]

/**
 * A measured frame rate as the ratio it stands for: 29.97003 is 30000/1001. A rate that is no
 * standard one is given in milliframes a second, as close as three decimals say it.
 */
export function rateRatio(fps: number): { frames: number; seconds: number } {
  const standard = STANDARD_RATES.find(([frames, seconds]) => Math.abs(frames / seconds - fps) / fps < 1e-4)
  if (standard) return { frames: standard[0], seconds: standard[1] }
  return { frames: Math.round(fps * 1000), seconds: 1000 }
}

/** A rate's frames a second as a number, exact for the standard ones. */
export function exactRate(fps: number): number {
  const { frames, seconds } = rateRatio(fps)
  return frames / seconds
}

/** Whether two rates are the same rate (a clip at it plays frame for frame in the sequence). */
export function sameRate(a: number, b: number): boolean {
  const x = rateRatio(a)
  const y = rateRatio(b)
  return x.frames * y.seconds === y.frames * x.seconds
}

/**
 * Where each clip's part of the picture track starts and how long it is, cut at the start of each
 * dissolve: the outgoing clip's event ends where the incoming one starts to fade in over it, as
 * CMX 3600 lists it and an editor's timeline draws it (the dissolve uses the outgoing clip's frames
 * past that point as its handle).
 */
export function cutEvents(cut: Cut): { recordStart: number; recordFrames: number }[] {
  return cut.clips.map((clip, index) => ({
    recordStart: cut.timeline.starts[index]!,
    recordFrames: clip.frames - (index < cut.clips.length - 1 ? joinAfter(cut.crossfadeFrames, index) : 0),
  }))
}

/**
 * How many frames of the clip's file `recordFrames` of the sequence show: all of its span for the
 * whole clip, the same number at the same rate, otherwise the same length in seconds rounded to a
 * frame of the file.
 */
export function sourceFramesFor(clip: CutClip, recordFrames: number, fps: number): number {
  if (recordFrames === clip.frames) return clip.source.frames
  if (sameRate(clip.source.fps, fps)) return recordFrames
  return Math.round((recordFrames / exactRate(fps)) * exactRate(clip.source.fps))
}

/** The dissolve into clip `index` from the one before it, in frames (0 for the first clip: a cut). */
export function dissolveInto(cut: Cut, index: number): number {
  return index > 0 ? joinAfter(cut.crossfadeFrames, index - 1) : 0
}
