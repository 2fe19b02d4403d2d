/*
 * Frames and time for a clip at a constant frame rate. Frame n is on screen from n/fps to (n+1)/fps;
 * frames are counted from 0 in the timecode, as editors do.
 */

/** How many frames a clip of this length has. */
export function frameCount(durationS: number, fps: number): number {
  return Math.max(1, Math.round(durationS * fps))
}

/** The frame whose presentation time is `timeS`, as a decoder reports it. */
export function frameAtTime(timeS: number, fps: number): number {
  return Math.max(0, Math.round(timeS * fps))
}

/**
 * Where to seek to show frame n: its middle, so a decoder that rounds a time to a frame boundary
 * either way still lands on n.
 */
export function seekTimeOf(frame: number, fps: number): number {
  return (frame + 0.5) / fps
}

/** Non-drop-frame timecode, HH:MM:SS:FF; a fractional rate (29.97) counts frames at its whole rate. */
export function timecode(frame: number, fps: number): string {
  const perSecond = Math.max(1, Math.round(fps))
  const seconds = Math.floor(frame / perSecond)
  const parts = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60, frame % perSecond]
  return parts.map((part) => String(part).padStart(2, '0')).join(':')
}
