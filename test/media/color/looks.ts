/* LUTs with enough curvature and channel crosstalk that interpolation mistakes show. */
import type { CubeLut } from '../../../src/media/color/cube'

/** An S-shaped contrast curve, kept monotonic. */
function contrast(value: number): number {
  const smooth = value * value * (3 - 2 * value)
  return 0.65 * smooth + 0.35 * value
}

/**
 * Warm contrast with channel mixing, and a teal-and-orange split that depends on hue and level
 * together, so the table is far from separable and interpolation mistakes show.
 */
export function warmLook(red: number, green: number, blue: number): [number, number, number] {
  const r = contrast(0.88 * red + 0.12 * green)
  const g = contrast(0.06 * red + 0.88 * green + 0.06 * blue)
  const b = contrast(0.1 * green + 0.9 * blue)
  const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b
  const warmth = (r - b) * (1 - luma) // skin tones in the mids get warmer
  const teal = (1 - luma) ** 2 * 0.12 // shadows lean teal
  return [1.04 * r + 0.25 * warmth * g + 0.02, g + 0.08 * warmth + 0.5 * teal, 0.9 * b - 0.2 * warmth * r + teal]
}

export function warmLut3d(size: number): CubeLut {
  const data = new Float32Array(size ** 3 * 3)
  let offset = 0
  for (let blue = 0; blue < size; blue++) {
    for (let green = 0; green < size; green++) {
      for (let red = 0; red < size; red++) {
        data.set(warmLook(red / (size - 1), green / (size - 1), blue / (size - 1)), offset)
        offset += 3
      }
    }
  }
  return { kind: '3d', title: 'warm contrast', size, domainMin: [0, 0, 0], domainMax: [1, 1, 1], data }
}

/** A different curve per channel: lifted blacks in blue, crushed red, gamma on green. */
export function splitToneLut1d(size: number): CubeLut {
  const data = new Float32Array(size * 3)
  for (let index = 0; index < size; index++) {
    const value = index / (size - 1)
    data[index * 3] = contrast(value) ** 1.2
    data[index * 3 + 1] = value ** 0.8
    data[index * 3 + 2] = 0.08 + 0.88 * contrast(value)
  }
  return { kind: '1d', title: 'split tone', size, domainMin: [0, 0, 0], domainMax: [1, 1, 1], data }
}
