/** The part of a clip a trim keeps, checked against the clip, in seconds of the source. */
export interface TrimRange {
  startS: number
  endS: number
}

/**
 * The range to cut, or why it cannot be cut. `endS` left out means the end of the clip. A frame is
 * kept when it starts inside the range, so 0–1 s of a 24 fps clip is exactly 24 frames.
 */
export function trimRange(startS: number, endS: number | undefined, durationS: number | undefined): TrimRange {
  const end = endS ?? durationS
  if (end === undefined) throw new Error('the clip’s length is unknown; set an out point (endS)')
  if (end <= startS) throw new Error(`the out point (${end} s) must come after the in point (${startS} s)`)
  if (durationS !== undefined && startS >= durationS) {
    throw new Error(`the in point (${startS} s) is past the end of the clip (${round(durationS)} s)`)
  }
  return { startS, endS: durationS !== undefined ? Math.min(end, durationS) : end }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000
}
