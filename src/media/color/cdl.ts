/*
 * ASC Color Decision List, v1.2 (American Society of Cinematographers). Per channel, the SOP:
 *   out = clamp(in × slope + offset) ^ power        clamp to [0, 1] before the power
 * then saturation around Rec. 709 luma (the weights the ASC spec names):
 *   luma = 0.2126 R + 0.7152 G + 0.0722 B
 *   out  = clamp(luma + saturation × (c − luma))
 * The clamp after saturation is v1.2's clamping behaviour (OpenColorIO calls this style "ASC").
 */
import type { Rgb } from './rgb'

export interface CdlParams {
  slope: Rgb
  offset: Rgb
  power: Rgb
  saturation: number
}

export const IDENTITY_CDL: Readonly<CdlParams> = Object.freeze({
  slope: Object.freeze([1, 1, 1] as const),
  offset: Object.freeze([0, 0, 0] as const),
  power: Object.freeze([1, 1, 1] as const),
  saturation: 1,
})

const LUMA_RED = 0.2126
const LUMA_GREEN = 0.7152
const LUMA_BLUE = 0.0722

export function isIdentityCdl(params: CdlParams): boolean {
  const same = (a: Rgb, b: Rgb) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2]
  return (
    same(params.slope, IDENTITY_CDL.slope) &&
    same(params.offset, IDENTITY_CDL.offset) &&
    same(params.power, IDENTITY_CDL.power) &&
    params.saturation === IDENTITY_CDL.saturation
  )
}

/** Slope, offset and power on one channel. */
export function applySop(value: number, slope: number, offset: number, power: number): number {
  const clamped = clampUnit(value * slope + offset)
  return power === 1 ? clamped : clamped ** power
}

/** The luma saturation turns around: Rec. 709's weights, as the ASC spec names them. */
export function rec709Luma(red: number, green: number, blue: number): number {
  return LUMA_RED * red + LUMA_GREEN * green + LUMA_BLUE * blue
}

/** One channel's value after saturation around `luma`, clamped. */
export function saturated(saturation: number, value: number, luma: number): number {
  return clampUnit(luma + saturation * (value - luma))
}

/** Saturation around Rec. 709 luma, writing to out[0..2]. */
export function applySaturation(saturation: number, red: number, green: number, blue: number, out: Float64Array): void {
  const luma = rec709Luma(red, green, blue)
  out[0] = saturated(saturation, red, luma)
  out[1] = saturated(saturation, green, luma)
  out[2] = saturated(saturation, blue, luma)
}

/** The whole CDL on one color (nominal range 0–1), writing to out[0..2]. */
export function applyCdl(params: CdlParams, red: number, green: number, blue: number, out: Float64Array): void {
  const { slope, offset, power } = params
  applySaturation(
    params.saturation,
    applySop(red, slope[0], offset[0], power[0]),
    applySop(green, slope[1], offset[1], power[1]),
    applySop(blue, slope[2], offset[2], power[2]),
    out,
  )
}

export function clampUnit(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value
}
