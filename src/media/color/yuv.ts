/*
 * Grading a decoded video frame where it lives, in 8-bit Y'CbCr 4:2:0, without going through RGBA.
 *
 * Reading a frame back as RGBA, grading it and handing RGBA to the encoder costs two full-frame
 * conversions (the encoder converts back to 4:2:0 on its own thread, slowing it down) and moves 8 MB
 * a 1080p frame where the planes hold 3 MB. Here the conversion is fused with the grade: one table,
 * keyed by a pixel's Y, Cb and Cr, holds its graded Y', Cb' and Cr', so a pixel costs one lookup.
 *
 * The result is what the RGBA road gives: each luma sample is read with its 2×2 block's chroma (as
 * libyuv and swscale's unscaled converters read 4:2:0), turned into 8-bit RGB with the frame's matrix,
 * graded as 8-bit RGB (the same compiled grade as `gradeRgba`), and written back with the same
 * matrix; the block's new chroma is the mean of its four graded pixels' chroma, as an RGB → 4:2:0
 * converter averages the block. Chroma is kept to a quarter code value until that mean, so the only
 * rounding left is the final one.
 */
import { compileGrade, type Grade } from './apply'

/** The Y'CbCr ↔ R'G'B' matrices video uses, by their luma weights of red and blue. */
const LUMA_WEIGHTS = {
  bt601: { red: 0.299, blue: 0.114 },
  bt709: { red: 0.2126, blue: 0.0722 },
  bt2020: { red: 0.2627, blue: 0.0593 },
} as const

export type YuvMatrixName = keyof typeof LUMA_WEIGHTS

export interface YuvMatrix {
  name: YuvMatrixName
  /** Full range puts black at 0 and white at 255; limited (video) range at 16 and 235. */
  fullRange: boolean
}

/**
 * The matrix a WebCodecs color space names, or undefined for one this path does not read (RGB, or
 * a matrix it does not know): those frames take the RGBA road.
 */
export function yuvMatrixOf(colorSpace: { matrix?: string | null; fullRange?: boolean | null }): YuvMatrix | undefined {
  const fullRange = colorSpace.fullRange === true
  switch (colorSpace.matrix) {
    case 'smpte170m':
    case 'bt470bg':
      return { name: 'bt601', fullRange }
    case 'bt709':
      return { name: 'bt709', fullRange }
    case 'bt2020-ncl':
      return { name: 'bt2020', fullRange }
    default:
      return undefined
  }
}

/**
 * The grade for every 8-bit Y'CbCr triple, baked the first time a frame shows it. Entry
 * y | cb << 8 | cr << 16 holds Y' in bits 0–7, Cb' and Cr' in quarter code values in bits 8–17 and
 * 18–27, and bit 28 to mark it baked; a fresh table is all zeros and costs only the pages the
 * footage touches (at most 64 MB), as `bakeGrade`'s does.
 */
export interface YuvGradeTable {
  readonly entries: Uint32Array
  readonly bake: (key: number) => number
}

const TABLE_SIZE = 2 ** 24
const BAKED = 1 << 28
const QUARTER_MASK = 0x3ff

export function bakeYuvGrade(grade: Grade, matrix: YuvMatrix): YuvGradeTable {
  const gradeColor = compileGrade(grade, 256)
  const { red: kr, blue: kb } = LUMA_WEIGHTS[matrix.name]
  const kg = 1 - kr - kb
  // Code values of luma and chroma to nominal Y' in 0..1 and Cb, Cr in −½..½.
  const lumaBlack = matrix.fullRange ? 0 : 16
  const lumaSpan = matrix.fullRange ? 255 : 219
  const chromaSpan = matrix.fullRange ? 255 : 224
  const entries = new Uint32Array(TABLE_SIZE)
  const graded = new Float64Array(3)
  const bake = (key: number) => {
    const luma = ((key & 0xff) - lumaBlack) / lumaSpan
    const cb = (((key >> 8) & 0xff) - 128) / chromaSpan
    const cr = ((key >>> 16) - 128) / chromaSpan
    const red = luma + 2 * (1 - kr) * cr
    const green = luma - ((2 * kb * (1 - kb)) / kg) * cb - ((2 * kr * (1 - kr)) / kg) * cr
    const blue = luma + 2 * (1 - kb) * cb
    gradeColor(toCode(red), toCode(green), toCode(blue), graded)
    const gradedRed = toCode(graded[0]!) / 255
    const gradedGreen = toCode(graded[1]!) / 255
    const gradedBlue = toCode(graded[2]!) / 255
    const gradedLuma = kr * gradedRed + kg * gradedGreen + kb * gradedBlue
    const gradedCb = (gradedBlue - gradedLuma) / (2 * (1 - kb))
    const gradedCr = (gradedRed - gradedLuma) / (2 * (1 - kr))
    const y = Math.round(lumaBlack + lumaSpan * gradedLuma)
    const cbQuarters = Math.round(4 * (128 + chromaSpan * gradedCb))
    const crQuarters = Math.round(4 * (128 + chromaSpan * gradedCr))
    const entry = BAKED | clampTo(y, 255) | (clampTo(cbQuarters, QUARTER_MASK) << 8) | (clampTo(crQuarters, QUARTER_MASK) << 18)
    entries[key] = entry
    return entry
  }
  return { entries, bake }
}

/** A nominal 0..1 value as an 8-bit code, clipped: what an RGB read-back of the frame holds. */
function toCode(value: number): number {
  if (!(value > 0)) return 0
  return value >= 1 ? 255 : (value * 255 + 0.5) | 0
}

function clampTo(value: number, max: number): number {
  return value < 0 ? 0 : value > max ? max : value
}

/** Where a 4:2:0 frame's samples are in its buffer, as `VideoFrame.copyTo` lays them out. */
export interface Planes420 {
  data: Uint8Array
  width: number
  height: number
  y: { offset: number; stride: number }
  /** For NV12 both chroma planes are one, interleaved: Cr sits one byte after Cb, `step` is 2. */
  cb: { offset: number; stride: number }
  cr: { offset: number; stride: number }
  /** Bytes from one chroma sample to the next along a row: 1 for I420, 2 for NV12. */
  chromaStep: number
}

/**
 * Grades a 4:2:0 frame into `into`, packed I420 (Y, then Cb, then Cr, no row padding) of the same
 * size, through the table. Rows `fromRow` to `toRow` (even, except the last) let workers split a frame.
 */
export function gradeYuv420(source: Planes420, table: YuvGradeTable, into: Uint8Array, fromRow = 0, toRow = source.height): void {
  const { data, width, height, y, cb, cr, chromaStep } = source
  const { entries, bake } = table
  const chromaWidth = (width + 1) >> 1
  const outCb = width * height
  const outCr = outCb + chromaWidth * ((height + 1) >> 1)
  for (let row = fromRow; row < toRow; row += 2) {
    const twoRows = row + 1 < height
    const chromaRow = row >> 1
    const lumaIn0 = y.offset + row * y.stride
    const lumaIn1 = lumaIn0 + y.stride
    const lumaOut0 = row * width
    const lumaOut1 = lumaOut0 + width
    let cbIn = cb.offset + chromaRow * cb.stride
    let crIn = cr.offset + chromaRow * cr.stride
    let chromaOut = chromaRow * chromaWidth
    for (let column = 0; column < width; column += 2) {
      const chroma = (data[cbIn]! << 8) | (data[crIn]! << 16)
      cbIn += chromaStep
      crIn += chromaStep
      let key = data[lumaIn0 + column]! | chroma
      let entry = entries[key] || bake(key)
      into[lumaOut0 + column] = entry
      let cbSum = (entry >>> 8) & QUARTER_MASK
      let crSum = (entry >>> 18) & QUARTER_MASK
      let samples = 1
      if (column + 1 < width) {
        key = data[lumaIn0 + column + 1]! | chroma
        entry = entries[key] || bake(key)
        into[lumaOut0 + column + 1] = entry
        cbSum += (entry >>> 8) & QUARTER_MASK
        crSum += (entry >>> 18) & QUARTER_MASK
        samples++
      }
      if (twoRows) {
        key = data[lumaIn1 + column]! | chroma
        entry = entries[key] || bake(key)
        into[lumaOut1 + column] = entry
        cbSum += (entry >>> 8) & QUARTER_MASK
        crSum += (entry >>> 18) & QUARTER_MASK
        samples++
        if (column + 1 < width) {
          key = data[lumaIn1 + column + 1]! | chroma
          entry = entries[key] || bake(key)
          into[lumaOut1 + column + 1] = entry
          cbSum += (entry >>> 8) & QUARTER_MASK
          crSum += (entry >>> 18) & QUARTER_MASK
          samples++
        }
      }
      // Quarter code values summed over the block: the mean in code values, rounded.
      if (samples === 4) {
        into[outCb + chromaOut] = (cbSum + 8) >> 4
        into[outCr + chromaOut] = (crSum + 8) >> 4
      } else {
        into[outCb + chromaOut] = Math.round(cbSum / (4 * samples))
        into[outCr + chromaOut] = Math.round(crSum / (4 * samples))
      }
      chromaOut++
    }
  }
}

/** Bytes of a packed I420 frame of this size. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * ((width + 1) >> 1) * ((height + 1) >> 1)
}
