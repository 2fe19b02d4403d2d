/*
 * A grade as a `.cube` file for a colorist's tool (DaVinci Resolve, ffmpeg's lut3d, and any reader of
 * the Adobe spec): the whole grade — CDL, saturation, the loaded LUT, a match to a reference,
 * strength — baked into one 3D LUT on [0, 1]. The file carries its TITLE, and DOMAIN_MIN/DOMAIN_MAX
 * spelled out although they are the defaults, so no reader has to guess the input range.
 */
import { lutFromGrade, type Grade } from './apply'
import { writeCube } from './cube'

/** 33 points an axis: what Resolve exports by default, within a code value of the direct grade. */
export const DEFAULT_EXPORT_SIZE = 33

export interface CubeExport {
  title: string
  /** Lattice points an axis, 2 to 65. */
  size?: number
  /** Lines written as `#` comments at the top: what made the file. */
  notes?: string[]
}

export function gradeAsCube(grade: Grade, { title, size = DEFAULT_EXPORT_SIZE, notes = [] }: CubeExport): string {
  const table = writeCube(lutFromGrade(grade, size, title))
  const withDomain = table.replace(/^LUT_3D_SIZE \d+$/m, (sizeLine) => `${sizeLine}\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1`)
  const comments = notes.map((note) => `# ${note.replace(/[\r\n]+/g, ' ')}\n`).join('')
  return comments + withDomain
}
