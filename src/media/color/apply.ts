/*
 * Applying a grade: ASC CDL, then a `.cube` LUT, then strength. Plain TypeScript with no DOM, so it
 * runs in the page, in a worker and under Node.
 *
 * The order is the colorist's: the CDL is the shot's balance (trim exposure, white balance) and the
 * LUT is the look laid over the balanced image, so CDL feeds the LUT. Strength is last: it mixes the
 * finished grade, clipped to [0, 1], with the untouched original:
 *   out = original + strength × (graded − original)
 *
 * Two paths give identical pixels from the same compiled grade:
 * - `gradeRgbaDirect` computes every pixel in floating point: for a single still.
 * - `bakeGrade` + `gradeRgba` keep the graded color of every 8-bit color seen so far in a table, so a
 *   frame costs one table read per pixel: for video, where one table serves every frame.
 */
import { applySop, clampUnit, isIdentityCdl, rec709Luma, saturated, type CdlParams } from './cdl'
import { assertLutShape, MAX_3D_SIZE, type CubeLut } from './cube'

export type LutInterpolation = 'tetrahedral' | 'trilinear'

export interface Grade {
  cdl?: CdlParams
  lut?: CubeLut
  /** For a 3D LUT. Tetrahedral (the default, as in ffmpeg's lut3d) keeps greys grey; Resolve offers both. */
  interpolation?: LutInterpolation
  /** 0 keeps the original, 1 (the default) is the full grade. */
  strength?: number
}

/** Graded colors, nominal values one array a channel: a batch's results, from index 0. */
export interface GradedColors {
  readonly red: Float64Array
  readonly green: Float64Array
  readonly blue: Float64Array
}

export function gradedColors(capacity: number): GradedColors {
  return { red: new Float64Array(capacity), green: new Float64Array(capacity), blue: new Float64Array(capacity) }
}

/**
 * The grade for input on a grid of `levels` values per channel: code c stands for c / (levels − 1),
 * so 256 levels is 8-bit video and `size` levels are the points of a LUT lattice. Grades the first
 * `count` colors of `codes` (each red | green << 8 | blue << 16) into `out`, whose arrays hold at
 * least `count`.
 *
 * A batch at a time, each step of the grade one tight loop over the batch, rather than calls through
 * closures with an out-param for every color. The arithmetic is the same, in the same order, whatever
 * the batch (test/media/color/yuv-bake.test.ts holds the results to the bits of the per-color code).
 */
export type GradeCodes = (codes: Int32Array, count: number, out: GradedColors) => void

/** A step of the grade on a batch of colors, in place. */
type ColorStep = (colors: GradedColors, count: number) => void

export function compileGrade(grade: Grade, levels: number): GradeCodes {
  const strength = grade.strength ?? 1
  if (!Number.isInteger(levels) || levels < 2 || levels > 256) throw new RangeError(`a grid has 2 to 256 levels, not ${levels}`)
  if (!(strength >= 0 && strength <= 1)) throw new RangeError(`strength is between 0 and 1, not ${strength}`)
  const unit = Float64Array.from({ length: levels }, (_, code) => code / (levels - 1))
  const cdl = grade.cdl && !isIdentityCdl(grade.cdl) ? grade.cdl : undefined
  // The SOP works on each channel alone, so on a grid it is three small tables; that takes pow(),
  // by far the costliest step of the grade, out of the per-pixel work.
  const sopTable = (channel: 0 | 1 | 2) =>
    cdl ? unit.map((value) => applySop(value, cdl.slope[channel], cdl.offset[channel], cdl.power[channel])) : unit
  const sopR = sopTable(0)
  const sopG = sopTable(1)
  const sopB = sopTable(2)
  const saturation = cdl?.saturation ?? 1
  const look = grade.lut ? compileLut(grade.lut, grade.interpolation) : undefined
  return (codes, count, out) => {
    const { red, green, blue } = out
    for (let index = 0; index < count; index++) {
      const code = codes[index]!
      red[index] = sopR[code & 0xff]!
      green[index] = sopG[(code >> 8) & 0xff]!
      blue[index] = sopB[(code >> 16) & 0xff]!
    }
    if (saturation !== 1) saturate(saturation, out, count)
    if (look) look(out, count)
    // Mix with the graded picture as it would be shown, clipped to [0, 1], so that strength is a
    // crossfade between the two pictures the user sees.
    if (strength !== 1) mixWithOriginal(strength, unit, codes, out, count)
  }
}

function saturate(saturation: number, colors: GradedColors, count: number): void {
  const { red, green, blue } = colors
  for (let index = 0; index < count; index++) {
    const luma = rec709Luma(red[index]!, green[index]!, blue[index]!)
    red[index] = saturated(saturation, red[index]!, luma)
    green[index] = saturated(saturation, green[index]!, luma)
    blue[index] = saturated(saturation, blue[index]!, luma)
  }
}

function mixWithOriginal(strength: number, unit: Float64Array, codes: Int32Array, colors: GradedColors, count: number): void {
  const { red, green, blue } = colors
  for (let index = 0; index < count; index++) {
    const code = codes[index]!
    const originalRed = unit[code & 0xff]!
    const originalGreen = unit[(code >> 8) & 0xff]!
    const originalBlue = unit[(code >> 16) & 0xff]!
    red[index] = originalRed + strength * (clampUnit(red[index]!) - originalRed)
    green[index] = originalGreen + strength * (clampUnit(green[index]!) - originalGreen)
    blue[index] = originalBlue + strength * (clampUnit(blue[index]!) - originalBlue)
  }
}

function compileLut(lut: CubeLut, interpolation: LutInterpolation = 'tetrahedral'): ColorStep {
  assertLutShape(lut)
  if (lut.kind === '1d') return compileLut1d(lut)
  const table = interpolation === 'trilinear' ? compileTrilinear(lut) : compileTetrahedral(lut)
  if (!lut.shaper) return table
  // The shaper first, its result into the table (cube.ts: as OpenColorIO reads a Resolve shaper LUT).
  const shaper = compileLut1d(lut.shaper)
  return (colors, count) => {
    shaper(colors, count)
    table(colors, count)
  }
}

/** How a channel's value becomes a position on a LUT axis. */
interface Axis {
  min: number
  /** Entries per unit of input: (size − 1) / (DOMAIN_MAX − DOMAIN_MIN). */
  scale: number
}

function axes(lut: CubeLut): [Axis, Axis, Axis] {
  const axis = (channel: 0 | 1 | 2): Axis => ({
    min: lut.domainMin[channel],
    scale: (lut.size - 1) / (lut.domainMax[channel] - lut.domainMin[channel]),
  })
  return [axis(0), axis(1), axis(2)]
}

/**
 * Per the Adobe spec, DOMAIN_MIN maps to the first entry and DOMAIN_MAX to the last; input outside
 * the domain is clamped to it.
 */
function latticePosition(value: number, min: number, scale: number, last: number): number {
  const position = (value - min) * scale
  if (!(position > 0)) return 0 // also catches NaN
  return position < last ? position : last
}

/** Each channel through its own column, linearly interpolated. */
function compileLut1d(lut: CubeLut): ColorStep {
  const { data, size } = lut
  const last = size - 1
  const [axisR, axisG, axisB] = axes(lut)
  return (colors, count) => {
    throughColumn(data, 0, axisR, last, colors.red, count)
    throughColumn(data, 1, axisG, last, colors.green, count)
    throughColumn(data, 2, axisB, last, colors.blue, count)
  }
}

function throughColumn(data: Float32Array, channel: number, axis: Axis, last: number, values: Float64Array, count: number): void {
  const { min, scale } = axis
  for (let index = 0; index < count; index++) {
    const position = latticePosition(values[index]!, min, scale, last)
    const lower = Math.min(position | 0, last - 1)
    const below = data[lower * 3 + channel]!
    values[index] = below + (data[lower * 3 + 3 + channel]! - below) * (position - lower)
  }
}

/**
 * Tetrahedral interpolation: the lattice cell is split into six tetrahedra along its neutral
 * diagonal, and the color is blended from the four corners of the one it falls in. A neutral input
 * is blended from the table's grey-axis entries alone; trilinear mixes in the off-axis corners.
 * Kasson, Nin, Plouffe & Hafner, "Performing color space conversions with three-dimensional linear
 * interpolation", J. Electronic Imaging 4(3), 1995; the same six cases as ffmpeg's lut3d.
 */
function compileTetrahedral(lut: CubeLut): ColorStep {
  const { data, size } = lut
  const last = size - 1
  const [axisR, axisG, axisB] = axes(lut)
  // Red changes fastest in a .cube table, so it has the smallest stride.
  const stepR = 3
  const stepG = 3 * size
  const stepB = 3 * size * size
  return ({ red, green, blue }, count) => {
    for (let index = 0; index < count; index++) {
      const x = latticePosition(red[index]!, axisR.min, axisR.scale, last)
      const y = latticePosition(green[index]!, axisG.min, axisG.scale, last)
      const z = latticePosition(blue[index]!, axisB.min, axisB.scale, last)
      const x0 = Math.min(x | 0, last - 1)
      const y0 = Math.min(y | 0, last - 1)
      const z0 = Math.min(z | 0, last - 1)
      const fx = x - x0
      const fy = y - y0
      const fz = z - z0
      const c000 = x0 * stepR + y0 * stepG + z0 * stepB
      const c111 = c000 + stepR + stepG + stepB
      if (fx > fy) {
        if (fy > fz) blendCorners(data, red, green, blue, index, 1 - fx, c000, fx - fy, c000 + stepR, fy - fz, c000 + stepR + stepG, fz, c111)
        else if (fx > fz) blendCorners(data, red, green, blue, index, 1 - fx, c000, fx - fz, c000 + stepR, fz - fy, c000 + stepR + stepB, fy, c111)
        else blendCorners(data, red, green, blue, index, 1 - fz, c000, fz - fx, c000 + stepB, fx - fy, c000 + stepR + stepB, fy, c111)
      } else if (fz > fy) {
        blendCorners(data, red, green, blue, index, 1 - fz, c000, fz - fy, c000 + stepB, fy - fx, c000 + stepG + stepB, fx, c111)
      } else if (fz > fx) {
        blendCorners(data, red, green, blue, index, 1 - fy, c000, fy - fz, c000 + stepG, fz - fx, c000 + stepG + stepB, fx, c111)
      } else {
        blendCorners(data, red, green, blue, index, 1 - fy, c000, fy - fx, c000 + stepG, fx - fz, c000 + stepR + stepG, fz, c111)
      }
    }
  }
}

function blendCorners(
  data: Float32Array,
  red: Float64Array,
  green: Float64Array,
  blue: Float64Array,
  index: number,
  w0: number,
  c0: number,
  w1: number,
  c1: number,
  w2: number,
  c2: number,
  w3: number,
  c3: number,
): void {
  red[index] = w0 * data[c0]! + w1 * data[c1]! + w2 * data[c2]! + w3 * data[c3]!
  green[index] = w0 * data[c0 + 1]! + w1 * data[c1 + 1]! + w2 * data[c2 + 1]! + w3 * data[c3 + 1]!
  blue[index] = w0 * data[c0 + 2]! + w1 * data[c1 + 2]! + w2 * data[c2 + 2]! + w3 * data[c3 + 2]!
}

/** Trilinear interpolation: blend the cell's 8 corners along red, then green, then blue. */
function compileTrilinear(lut: CubeLut): ColorStep {
  const { data, size } = lut
  const last = size - 1
  const [axisR, axisG, axisB] = axes(lut)
  const stepG = 3 * size
  const stepB = 3 * size * size
  return (colors, count) => {
    const { red, green, blue } = colors
    for (let index = 0; index < count; index++) {
      const x = latticePosition(red[index]!, axisR.min, axisR.scale, last)
      const y = latticePosition(green[index]!, axisG.min, axisG.scale, last)
      const z = latticePosition(blue[index]!, axisB.min, axisB.scale, last)
      const x0 = Math.min(x | 0, last - 1)
      const y0 = Math.min(y | 0, last - 1)
      const z0 = Math.min(z | 0, last - 1)
      const fx = x - x0
      const fy = y - y0
      const fz = z - z0
      const corner = x0 * 3 + y0 * stepG + z0 * stepB
      red[index] = trilinear(data, corner, stepG, stepB, fx, fy, fz)
      green[index] = trilinear(data, corner + 1, stepG, stepB, fx, fy, fz)
      blue[index] = trilinear(data, corner + 2, stepG, stepB, fx, fy, fz)
    }
  }
}

/** One channel of a cell, from its corner `c000`. */
function trilinear(data: Float32Array, c000: number, stepG: number, stepB: number, fx: number, fy: number, fz: number): number {
  const alongRed00 = lerp(data[c000]!, data[c000 + 3]!, fx)
  const alongRed10 = lerp(data[c000 + stepG]!, data[c000 + stepG + 3]!, fx)
  const alongRed01 = lerp(data[c000 + stepB]!, data[c000 + stepB + 3]!, fx)
  const alongRed11 = lerp(data[c000 + stepG + stepB]!, data[c000 + stepG + stepB + 3]!, fx)
  return lerp(lerp(alongRed00, alongRed10, fy), lerp(alongRed01, alongRed11, fy), fz)
}

function lerp(from: number, to: number, t: number): number {
  return from + (to - from) * t
}

/**
 * How a graded nominal value becomes an 8-bit code. A grade with a LUT stores it as ffmpeg's lut3d
 * and lut1d store theirs, the reference a LUT is checked against: scaled to 0..255 and truncated.
 * Rounding put about half of all samples one code value above lut3d's, a bias that cost a strong
 * look about 2.5 dB against it (docs/architecture.md, "Chains of pixel nodes"). A CDL alone rounds,
 * as the ASC formula's result does.
 */
export function gradedCodeOf(grade: Grade): (value: number) => number {
  return grade.lut ? truncatedCode : roundedCode
}

function roundedCode(value: number): number {
  if (!(value > 0)) return 0
  return value >= 1 ? 255 : (value * 255 + 0.5) | 0
}

/** The millionth keeps a value that floating point left a hair under its code (an identity LUT's) at that code. */
function truncatedCode(value: number): number {
  if (!(value > 0)) return 0
  return value >= 1 ? 255 : (value * 255 + 1e-6) | 0
}

/** Colors a batch grades at once: the batch's arrays stay in the CPU's nearest cache. */
export const GRADE_BATCH = 1024

/** Grades 8-bit RGBA pixels in place, each in floating point. Alpha is kept. */
export function gradeRgbaDirect(pixels: Uint8ClampedArray | Uint8Array, grade: Grade): void {
  const gradeCodes = compileGrade(grade, 256)
  const gradedCode = gradedCodeOf(grade)
  const codes = new Int32Array(GRADE_BATCH)
  const graded = gradedColors(GRADE_BATCH)
  const pixelCount = pixels.length >> 2
  for (let first = 0; first < pixelCount; first += GRADE_BATCH) {
    const count = Math.min(GRADE_BATCH, pixelCount - first)
    for (let index = 0; index < count; index++) {
      const at = (first + index) * 4
      codes[index] = pixels[at]! | (pixels[at + 1]! << 8) | (pixels[at + 2]! << 16)
    }
    gradeCodes(codes, count, graded)
    for (let index = 0; index < count; index++) {
      const at = (first + index) * 4
      pixels[at] = gradedCode(graded.red[index]!)
      pixels[at + 1] = gradedCode(graded.green[index]!)
      pixels[at + 2] = gradedCode(graded.blue[index]!)
    }
  }
}

/**
 * The grade for every 8-bit RGB color, baked one color at a time the first time a frame shows it.
 *
 * Entry r | g << 8 | b << 16 holds the graded color packed the same way, so on a little-endian machine
 * (every browser's) a pixel read as one 32-bit word indexes the table with its low 24 bits and the
 * graded color goes back with the pixel's alpha untouched. Bit 24 marks an entry as baked; a fresh
 * table is all zeros, so untouched entries cost nothing and the engine only commits the pages of
 * colors the footage uses (at most 2²⁴ × 4 bytes = 64 MB).
 *
 * Chosen by measurement (test/media/color/bench-grade.ts, 1080p): the table is exact, and on
 * footage-like frames 1.5× faster than a 65³ lattice in 16-bit fixed point with integer tetrahedral
 * lookup per pixel (1.6 MB, within a code value). The lattice wins only on pure noise, where every
 * pixel misses the cache. Baking all 2²⁴ colors up front costs seconds before the first frame; a
 * clip shows a fraction of them, so baking on first sight costs about one direct float frame.
 */
export interface GradeTable {
  readonly entries: Uint32Array
  /** Grades the color with key r | g << 8 | b << 16 and returns its entry. */
  readonly bake: (key: number) => number
}

const TABLE_SIZE = 2 ** 24
const BAKED = 1 << 24
const RGB_MASK = 0xffffff

export function bakeGrade(grade: Grade): GradeTable {
  const gradeCodes = compileGrade(grade, 256)
  const gradedCode = gradedCodeOf(grade)
  const entries = new Uint32Array(TABLE_SIZE)
  const codes = new Int32Array(1)
  const graded = gradedColors(1)
  const bake = (key: number) => {
    codes[0] = key
    gradeCodes(codes, 1, graded)
    const entry = BAKED | gradedCode(graded.red[0]!) | (gradedCode(graded.green[0]!) << 8) | (gradedCode(graded.blue[0]!) << 16)
    entries[key] = entry
    return entry
  }
  return { entries, bake }
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Grades 8-bit RGBA pixels in place through a grade's table. Alpha is kept. */
export function gradeRgba(pixels: Uint8ClampedArray | Uint8Array, table: GradeTable): void {
  const { entries, bake } = table
  if (IS_LITTLE_ENDIAN && pixels.byteOffset % 4 === 0 && pixels.length % 4 === 0) {
    const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length / 4)
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!
      const key = word & RGB_MASK
      const entry = entries[key] || bake(key)
      words[index] = (entry & RGB_MASK) | (word & 0xff000000)
    }
    return
  }
  // Unaligned views (and big-endian machines) take the byte-wise road to the same result.
  for (let index = 0; index + 3 < pixels.length; index += 4) {
    const key = pixels[index]! | (pixels[index + 1]! << 8) | (pixels[index + 2]! << 16)
    const entry = entries[key] || bake(key)
    pixels[index] = entry & 0xff
    pixels[index + 1] = (entry >> 8) & 0xff
    pixels[index + 2] = (entry >> 16) & 0xff
  }
}

/** Samples the whole grade into a 3D LUT on [0, 1], so it can be written as a `.cube` for Resolve. */
export function lutFromGrade(grade: Grade, size: number, title?: string): CubeLut {
  if (!Number.isInteger(size) || size < 2 || size > MAX_3D_SIZE) {
    throw new RangeError(`a 3D LUT size is a whole number from 2 to ${MAX_3D_SIZE}, not ${size}`)
  }
  const gradeCodes = compileGrade(grade, size)
  const codes = new Int32Array(size ** 3)
  let index = 0
  for (let blue = 0; blue < size; blue++) {
    for (let green = 0; green < size; green++) {
      for (let red = 0; red < size; red++) codes[index++] = red | (green << 8) | (blue << 16)
    }
  }
  const graded = gradedColors(codes.length)
  gradeCodes(codes, codes.length, graded)
  const data = new Float32Array(codes.length * 3)
  for (let color = 0; color < codes.length; color++) {
    data[color * 3] = graded.red[color]!
    data[color * 3 + 1] = graded.green[color]!
    data[color * 3 + 2] = graded.blue[color]!
  }
  const lut: CubeLut = { kind: '3d', size, domainMin: [0, 0, 0], domainMax: [1, 1, 1], data }
  if (title !== undefined) lut.title = title
  return lut
}
