/** Frame-exact times for the trim scrubber: a time snapped to a frame start, and SMPTE-style timecode. */
import { FRAME_SPAN_KEY, frameSpanSchema } from '../../src/media/video/frame-span'
import { framesAsTimecode, isDropFrame, TIMECODE_PATTERN, timecodeFrames } from '../../src/media/video/timecode-track'

/** The start of the frame showing at `seconds`, so a cut lands on a frame boundary. */
export function snapToFrame(seconds: number, fps: number): number {
  return Math.round(seconds * fps) / fps
}

/** `HH:MM:SS:FF` (non-drop-frame), counting frames at the clip's rate rounded to a whole number. */
export function timecode(seconds: number, fps: number): string {
  const rate = Math.max(1, Math.round(fps))
  const frames = Math.round(seconds * fps)
  const two = (value: number) => String(value).padStart(2, '0')
  const wholeSeconds = Math.floor(frames / rate)
  return `${two(Math.floor(wholeSeconds / 3600))}:${two(Math.floor(wholeSeconds / 60) % 60)}:${two(wholeSeconds % 60)}:${two(frames % rate)}`
}

/**
 * The timecode of the clip's frame at `seconds` in its file's own timecode, as the EDL lists it: the
 * file's start timecode (`startTimecode` in the clip's meta: a camera's, read on import, or a
 * sequence's) plus the frames the clip already starts into that file (`frameSpan.first`, a trim
 * before this one), plus the frames to `seconds`. Without a start timecode (or with one that is no
 * timecode at the clip's rate, as a bundle could carry), counted from the clip's first frame.
 */
export function sourceTimecode(seconds: number, fps: number, meta: Record<string, unknown>): string {
  const start = meta.startTimecode
  if (typeof start !== 'string' || !TIMECODE_PATTERN.test(start)) return timecode(seconds, fps)
  const span = frameSpanSchema.safeParse(meta[FRAME_SPAN_KEY])
  const fileFps = span.success ? span.data.fps : fps
  const into = span.success ? span.data.first : 0
  try {
    return framesAsTimecode(timecodeFrames(start, fileFps) + into + Math.round(seconds * fps), fileFps, isDropFrame(start))
  } catch {
    return timecode(seconds, fps)
  }
}
