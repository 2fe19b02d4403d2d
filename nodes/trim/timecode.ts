/** Frame-exact times for the trim scrubber: a time snapped to a frame start, and SMPTE-style timecode. */

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
