/**
 * Exposure, contrast and saturation on 8-bit RGBA pixels, the way a grade treats them:
 * exposure scales linear light (one stop doubles it), contrast pivots around middle grey in the
 * encoded (sRGB) signal, saturation mixes each pixel with its Rec. 709 luma. Exposure and contrast
 * depend on one channel value only, so they become a 256-entry table computed once per image.
 */
export interface Adjustment {
  /** Stops of light: +1 doubles it, −1 halves it. */
  exposure: number
  /** 1 leaves the image alone; 0 is flat grey, 2 doubles the distance from middle grey. */
  contrast: number
  /** 1 leaves the image alone; 0 is black and white. */
  saturation: number
}

const MIDDLE_GREY = 0.5

export function srgbToLinear(encoded: number): number {
  return encoded <= 0.04045 ? encoded / 12.92 : ((encoded + 0.055) / 1.055) ** 2.4
}

export function linearToSrgb(linear: number): number {
  return linear <= 0.0031308 ? linear * 12.92 : 1.055 * linear ** (1 / 2.4) - 0.055
}

/** The tone curve for one channel: exposure in linear light, then contrast on the encoded value. */
export function toneTable({ exposure, contrast }: Adjustment): Float32Array {
  const gain = 2 ** exposure
  const table = new Float32Array(256)
  for (let value = 0; value < 256; value++) {
    const exposed = linearToSrgb(Math.min(1, srgbToLinear(value / 255) * gain))
    table[value] = ((exposed - MIDDLE_GREY) * contrast + MIDDLE_GREY) * 255
  }
  return table
}

/**
 * Adjusts `pixels` (RGBA, 8 bits a channel) in place from `start` to `end` pixel index, so a caller
 * can work in slices and stay responsive to Cancel.
 */
export function adjustPixels(
  pixels: Uint8ClampedArray,
  adjustment: Adjustment,
  table: Float32Array = toneTable(adjustment),
  start = 0,
  end = pixels.length / 4,
): void {
  const { saturation } = adjustment
  for (let i = start * 4, last = end * 4; i < last; i += 4) {
    const r = table[pixels[i] as number] as number
    const g = table[pixels[i + 1] as number] as number
    const b = table[pixels[i + 2] as number] as number
    const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b
    // Uint8ClampedArray rounds and clamps to 0..255 on write.
    pixels[i] = luma + (r - luma) * saturation
    pixels[i + 1] = luma + (g - luma) * saturation
    pixels[i + 2] = luma + (b - luma) * saturation
  }
}

export function isIdentity({ exposure, contrast, saturation }: Adjustment): boolean {
  return exposure === 0 && contrast === 1 && saturation === 1
}
