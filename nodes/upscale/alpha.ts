/*
 * A still with see-through parts is resampled with its colors weighted by their opacity, so the
 * color of fully transparent pixels (often black or junk) does not bleed a dark fringe into the
 * edges of what is visible.
 */

/** True when any pixel is less than fully opaque. */
export function hasTransparency(pixels: Uint8Array | Uint8ClampedArray): boolean {
  for (let alpha = 3; alpha < pixels.length; alpha += 4) if (pixels[alpha] !== 255) return true
  return false
}

/** Colors times opacity, in place. */
export function premultiply(pixels: Uint8Array | Uint8ClampedArray): void {
  for (let at = 0; at < pixels.length; at += 4) {
    const alpha = pixels[at + 3]!
    pixels[at] = Math.round((pixels[at]! * alpha) / 255)
    pixels[at + 1] = Math.round((pixels[at + 1]! * alpha) / 255)
    pixels[at + 2] = Math.round((pixels[at + 2]! * alpha) / 255)
  }
}

/** Colors divided by opacity again, in place; a fully transparent pixel stays black. */
export function unpremultiply(pixels: Uint8Array | Uint8ClampedArray): void {
  for (let at = 0; at < pixels.length; at += 4) {
    const alpha = pixels[at + 3]!
    if (alpha === 0 || alpha === 255) continue
    pixels[at] = Math.min(255, Math.round((pixels[at]! * 255) / alpha))
    pixels[at + 1] = Math.min(255, Math.round((pixels[at + 1]! * 255) / alpha))
    pixels[at + 2] = Math.min(255, Math.round((pixels[at + 2]! * 255) / alpha))
  }
}
