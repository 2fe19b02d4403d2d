/** Frame-exact times for the trim scrubber: a time snapped to a frame start, and SMPTE-style timecode. */
import { fileTimecodeOf } from '../../src/media/video/frame-span'

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
 * The timecode of the clip's frame at `seconds` in its file's own timecode, as the EDL lists it
 * (`fileTimecodeOf`); counted from the clip's first frame when it has none.
 */
export function sourceTimecode(seconds: number, fps: number, meta: Record<string, unknown>): string {
  return fileTimecodeOf(meta, Math.round(seconds * fps), fps) ?? timecode(seconds, fps)
}
