/** Where a picture of another shape sits in the sequence's frame. */
export interface Placement {
  x: number
  y: number
  width: number
  height: number
}

/**
 * A clip of another shape is scaled to fit inside the frame and centred, with black bars at the
 * sides or top and bottom, as an editor's timeline shows it: never stretched, never cropped.
 */
export function fitInside(source: { width: number; height: number }, frame: { width: number; height: number }): Placement {
  const factor = Math.min(frame.width / source.width, frame.height / source.height)
  const width = Math.min(frame.width, Math.max(1, Math.round(source.width * factor)))
  const height = Math.min(frame.height, Math.max(1, Math.round(source.height * factor)))
  return { x: Math.floor((frame.width - width) / 2), y: Math.floor((frame.height - height) / 2), width, height }
}
