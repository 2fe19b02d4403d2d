/**
 * The grade a color-grade node's params describe, as the color math in src/media/color takes it:
 * the CDL balance, then the LUT's look, then strength.
 */
import type { Grade } from '../../src/media/color/apply'
import { isIdentityCdl, type CdlParams } from '../../src/media/color/cdl'
import { CubeParseError, parseCube, type CubeLut } from '../../src/media/color/cube'
import type { Rgb } from '../../src/media/color/rgb'
import { underCdl, type Balance } from './match'

/** A type alias, not an interface, so a settings object is also a plain params record. */
export type GradeSettings = {
  slope: Rgb
  offset: Rgb
  power: Rgb
  saturation: number
  strength: number
}

/** The grade, with a match to a reference (when there is one) laid under the CDL. */
export function gradeOf(settings: GradeSettings, lut?: CubeLut, match?: Balance): Grade {
  const { slope, offset } = match ? underCdl(match, settings) : settings
  const cdl: CdlParams = {
    slope,
    offset,
    power: settings.power,
    saturation: settings.saturation,
  }
  return { cdl, strength: settings.strength, ...(lut ? { lut } : {}) }
}

/** True when the grade would give back every pixel as it was, so the original can be passed on. */
export function leavesPixelsAlone(grade: Grade): boolean {
  if (grade.strength === 0) return true
  return grade.lut === undefined && (grade.cdl === undefined || isIdentityCdl(grade.cdl))
}

/** A `.cube` file's LUT; a malformed file is refused with its name, the line and why. */
export function readLut(text: string, name: string): CubeLut {
  try {
    return parseCube(text)
  } catch (error) {
    if (error instanceof CubeParseError) throw new Error(`the LUT “${name}” cannot be used: ${error.message}`, { cause: error })
    throw error
  }
}
