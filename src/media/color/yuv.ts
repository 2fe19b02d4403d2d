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
 * graded as 8-bit RGB (the same compiled grade and code values as `gradeRgba`; a LUT's truncated,
 * as ffmpeg's lut3d stores them), and written back with the same
 * matrix; the block's new chroma is the mean of its four graded pixels' chroma, as an RGB → 4:2:0
 * converter averages the block. Chroma is kept to a quarter code value until that mean, so the only
 * rounding left is the final one.
 */
import { compileGrade, GRADE_BATCH, gradedCodeOf, gradedColors, type Grade } from './apply'

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
 * y | cb << 8 | cr << 16 holds Y' in bits 0–7 and Cb' and Cr' in quarter code values in bits 8–17
 * and 20–29; the two bits above each chroma field let four entries be summed in one addition. A
 * fresh table is all zeros, which no graded color can be (Y' = 0 with Cb' = Cr' = 0 lies outside
 * RGB), so zero marks an entry not baked yet, and the table costs only the pages the footage
 * touches (at most 64 MB), as `bakeGrade`'s does.
 */
export interface YuvGradeTable {
  readonly entries: Uint32Array
  /**
   * Bakes the first `count` keys of `keys` into `entries`, a batch at a time: each step of the
   * conversion and the grade is one tight loop over the batch (apply.ts, `GradeCodes`).
   */
  readonly bakeKeys: (keys: Int32Array, count: number) => void
}

export const TABLE_SIZE = 2 ** 24
const QUARTERS_MAX = 0x3ff
const CHROMA_SUM_MASK = 0xfff

/** `entries` may be given (a view of a SharedArrayBuffer, for workers that grade one frame together). */
export function bakeYuvGrade(grade: Grade, matrix: YuvMatrix, entries: Uint32Array = new Uint32Array(TABLE_SIZE)): YuvGradeTable {
  if (entries.length !== TABLE_SIZE) throw new RangeError(`a Y'CbCr grade table has ${TABLE_SIZE} entries, not ${entries.length}`)
  const gradeCodes = compileGrade(grade, 256)
  const gradedCode = gradedCodeOf(grade)
  const { red: kr, blue: kb } = LUMA_WEIGHTS[matrix.name]
  const kg = 1 - kr - kb
  // Code values of luma and chroma to nominal Y' in 0..1 and Cb, Cr in −½..½.
  const lumaBlack = matrix.fullRange ? 0 : 16
  const lumaSpan = matrix.fullRange ? 255 : 219
  const chromaSpan = matrix.fullRange ? 255 : 224
  // The matrix's terms by code value, each the same product the whole formula takes:
  //   R' = Y' + 2(1 − kr)·Cr,  G' = Y' − (2kb(1 − kb)/kg)·Cb − (2kr(1 − kr)/kg)·Cr,  B' = Y' + 2(1 − kb)·Cb
  const byCode = (term: (code: number) => number) => Float64Array.from({ length: 256 }, (_, code) => term(code))
  const chromaOf = (code: number) => (code - 128) / chromaSpan
  const lumaOf = byCode((code) => (code - lumaBlack) / lumaSpan)
  const redOfCr = byCode((code) => 2 * (1 - kr) * chromaOf(code))
  const greenOfCb = byCode((code) => ((2 * kb * (1 - kb)) / kg) * chromaOf(code))
  const greenOfCr = byCode((code) => ((2 * kr * (1 - kr)) / kg) * chromaOf(code))
  const blueOfCb = byCode((code) => 2 * (1 - kb) * chromaOf(code))
  // And back: a graded code's nominal value and its share of Y', the products the formula takes.
  const unitOf = byCode((code) => code / 255)
  const lumaOfRed = byCode((code) => kr * unitOf[code]!)
  const lumaOfGreen = byCode((code) => kg * unitOf[code]!)
  const lumaOfBlue = byCode((code) => kb * unitOf[code]!)
  const codes = new Int32Array(GRADE_BATCH)
  const graded = gradedColors(GRADE_BATCH)
  const bakeBatch = (keys: Int32Array, first: number, count: number) => {
    for (let index = 0; index < count; index++) {
      const key = keys[first + index]!
      const luma = lumaOf[key & 0xff]!
      const cb = (key >> 8) & 0xff
      const cr = key >>> 16
      codes[index] = toCode(luma + redOfCr[cr]!) | (toCode(luma - greenOfCb[cb]! - greenOfCr[cr]!) << 8) | (toCode(luma + blueOfCb[cb]!) << 16)
    }
    gradeCodes(codes, count, graded)
    for (let index = 0; index < count; index++) {
      const red = gradedCode(graded.red[index]!)
      const blue = gradedCode(graded.blue[index]!)
      const gradedRed = unitOf[red]!
      const gradedBlue = unitOf[blue]!
      const gradedLuma = lumaOfRed[red]! + lumaOfGreen[gradedCode(graded.green[index]!)]! + lumaOfBlue[blue]!
      const gradedCb = (gradedBlue - gradedLuma) / (2 * (1 - kb))
      const gradedCr = (gradedRed - gradedLuma) / (2 * (1 - kr))
      const y = clampTo(Math.round(lumaBlack + lumaSpan * gradedLuma), 255)
      const cbQuarters = clampTo(Math.round(4 * (128 + chromaSpan * gradedCb)), QUARTERS_MAX)
      const crQuarters = clampTo(Math.round(4 * (128 + chromaSpan * gradedCr)), QUARTERS_MAX)
      entries[keys[first + index]!] = (y | (cbQuarters << 8) | (crQuarters << 20)) >>> 0
    }
  }
  const bakeKeys = (keys: Int32Array, count: number) => {
    for (let first = 0; first < count; first += GRADE_BATCH) bakeBatch(keys, first, Math.min(GRADE_BATCH, count - first))
  }
  return { entries, bakeKeys }
}

/** A nominal 0..1 value as an 8-bit code, rounded and clipped: what an exact RGB read-back of the frame holds. */
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
 * size, through the table. Rows `fromRow` to `toRow` (`fromRow` even) let workers split a frame.
 */
export function gradeYuv420(
  source: Planes420,
  table: YuvGradeTable,
  into: Uint8Array,
  fromRow = 0,
  toRow = source.height,
  blockRows: BlockRowGrader = jsBlockRows,
): void {
  const { data, width, height } = source
  const chromaWidth = (width + 1) >> 1
  const evenWidth = width & ~1
  const missed = blockRows.missed(chromaWidth * ((toRow - fromRow + 1) >> 1))
  let missedCount = 0
  for (let row = fromRow; row < toRow; row += 2) {
    if (row + 1 >= height) {
      gradeBlocks(source, table, into, row, 0, width)
      continue
    }
    missedCount = blockRows.grade(data, table.entries, into, blockRowAt(source, row), missed, missedCount)
    if (evenWidth < width) gradeBlocks(source, table, into, row, evenWidth, width)
  }
  // Blocks with a color not baked yet have their colors baked here, all in one batch, and are graded
  // again, out of the grading loop: a call to the bake inside that loop makes V8 compile it about half
  // as fast, even once every color of the footage is baked and the call is never made.
  if (missedCount === 0) return
  bakeColorsOf(source, table, missed, missedCount)
  regradeBlocks(source, table.entries, into, missed, missedCount)
}

/** The missed blocks (whole 2×2 blocks, their colors baked now), as the grading loop grades a block. */
function regradeBlocks(source: Planes420, entries: Uint32Array, into: Uint8Array, missed: Int32Array, missedCount: number): void {
  const { data, width, height, y, cb, cr, chromaStep } = source
  const chromaWidth = (width + 1) >> 1
  const outCb = width * height
  const outCr = outCb + chromaWidth * ((height + 1) >> 1)
  for (let index = 0; index < missedCount; index++) {
    const lumaOut = missed[index]!
    const row = (lumaOut / width) | 0
    const column = lumaOut - row * width
    const block = column >> 1
    const chromaRow = row >> 1
    const chroma = (data[cb.offset + chromaRow * cb.stride + block * chromaStep]! << 8) | (data[cr.offset + chromaRow * cr.stride + block * chromaStep]! << 16)
    const lumaIn = y.offset + row * y.stride + column
    const entry0 = entries[data[lumaIn]! | chroma]!
    const entry1 = entries[data[lumaIn + 1]! | chroma]!
    const entry2 = entries[data[lumaIn + y.stride]! | chroma]!
    const entry3 = entries[data[lumaIn + y.stride + 1]! | chroma]!
    into[lumaOut] = entry0
    into[lumaOut + 1] = entry1
    into[lumaOut + width] = entry2
    into[lumaOut + width + 1] = entry3
    const sum = (entry0 >>> 8) + (entry1 >>> 8) + (entry2 >>> 8) + (entry3 >>> 8)
    const chromaOut = chromaRow * chromaWidth + block
    into[outCb + chromaOut] = ((sum & CHROMA_SUM_MASK) + 8) >> 4
    into[outCr + chromaOut] = ((sum >>> 12) + 8) >> 4
  }
}

/** The whole 2×2 blocks of luma rows `row` and `row` + 1 (`row` even). */
function blockRowAt(source: Planes420, row: number): BlockRow {
  const { width, height, y, cb, cr, chromaStep } = source
  const chromaWidth = (width + 1) >> 1
  const outCb = width * height
  const chromaRow = row >> 1
  return {
    lumaIn: y.offset + row * y.stride,
    lumaStride: y.stride,
    cbIn: cb.offset + chromaRow * cb.stride,
    crIn: cr.offset + chromaRow * cr.stride,
    chromaStep,
    lumaOut: row * width,
    width,
    evenWidth: width & ~1,
    cbOut: outCb + chromaRow * chromaWidth,
    crOut: outCb + chromaWidth * ((height + 1) >> 1) + chromaRow * chromaWidth,
  }
}

let keysScratch = new Int32Array(0)
/** One bit a key: the keys already collected for this bake, so each is baked once. Cleared after it. */
let collectedKeys: Uint32Array | undefined

/** Bakes, in one batch, each color not baked yet of the missed blocks (whole 2×2 blocks, by their top-left luma sample in the output). */
function bakeColorsOf(source: Planes420, table: YuvGradeTable, missed: Int32Array, missedCount: number): void {
  const { data, width, y, cb, cr, chromaStep } = source
  const { entries } = table
  if (keysScratch.length < 4 * missedCount) keysScratch = new Int32Array(4 * missedCount)
  const keys = keysScratch
  const collected = (collectedKeys ??= new Uint32Array(TABLE_SIZE >> 5))
  let count = 0
  for (let index = 0; index < missedCount; index++) {
    const lumaOut = missed[index]!
    const row = (lumaOut / width) | 0
    const column = lumaOut - row * width
    const block = column >> 1
    const chromaRow = row >> 1
    const chroma = (data[cb.offset + chromaRow * cb.stride + block * chromaStep]! << 8) | (data[cr.offset + chromaRow * cr.stride + block * chromaStep]! << 16)
    const lumaIn = y.offset + row * y.stride + column
    for (let sample = 0; sample < 4; sample++) {
      const key = data[lumaIn + (sample >> 1) * y.stride + (sample & 1)]! | chroma
      const bit = 1 << (key & 31)
      if (entries[key] !== 0 || (collected[key >>> 5]! & bit) !== 0) continue
      collected[key >>> 5] = collected[key >>> 5]! | bit
      keys[count++] = key
    }
  }
  table.bakeKeys(keys, count)
  for (let index = 0; index < count; index++) collected[keys[index]! >>> 5] = 0
}

/**
 * Grades a frame in chunks of `chunkRows` rows (even), each claimed from `next[0]`, a counter the
 * threads grading the frame share: a thread that gets more of the cores (the encoder's threads take
 * their turns too) grades more of the frame, and none waits on a fixed band another is stuck on.
 */
export function gradeClaimedRows(next: Int32Array, chunkRows: number, source: Planes420, table: YuvGradeTable, into: Uint8Array, blockRows?: BlockRowGrader): void {
  const chunks = Math.ceil(source.height / chunkRows)
  for (let chunk = Atomics.add(next, 0, 1); chunk < chunks; chunk = Atomics.add(next, 0, 1)) {
    gradeYuv420(source, table, into, chunk * chunkRows, Math.min(source.height, (chunk + 1) * chunkRows), blockRows)
  }
}

/** Where one row of whole 2×2 blocks is read from and written to, as indices into the frame and the output. */
export interface BlockRow {
  lumaIn: number
  lumaStride: number
  cbIn: number
  crIn: number
  chromaStep: number
  lumaOut: number
  width: number
  evenWidth: number
  cbOut: number
  crOut: number
}

/**
 * The grading loop over rows of whole blocks: in JavaScript (`jsBlockRows`), or in WebAssembly where
 * the frame, the table and the output share its memory (yuv-kernel.ts).
 */
export interface BlockRowGrader {
  /** Room for the positions of `blocks` blocks that meet colors not baked yet; reused call to call. */
  missed(blocks: number): Int32Array
  /**
   * Grades one row of blocks. A block that meets an entry not baked yet is written wrong and its
   * position (its top-left luma sample in `into`) added to `missed`; returns the new count.
   */
  grade(data: Uint8Array, entries: Uint32Array, into: Uint8Array, blocks: BlockRow, missed: Int32Array, missedCount: number): number
}

let missedScratch = new Int32Array(0)

export const jsBlockRows: BlockRowGrader = {
  missed(blocks) {
    if (missedScratch.length < blocks) missedScratch = new Int32Array(blocks)
    return missedScratch
  },
  grade: gradeBlockRow,
}

/** The common case, written out: whole 2×2 blocks, four lookups and one sum of their chroma, with indices that run along the row. */
function gradeBlockRow(data: Uint8Array, entries: Uint32Array, into: Uint8Array, blocks: BlockRow, missed: Int32Array, missedCount: number): number {
  const { lumaStride, chromaStep, width } = blocks
  let { lumaIn, cbIn, crIn, lumaOut, cbOut, crOut } = blocks
  let lumaIn1 = lumaIn + lumaStride
  let lumaOut1 = lumaOut + width
  const rowEnd = lumaOut + blocks.evenWidth
  for (; lumaOut < rowEnd; lumaOut += 2, lumaOut1 += 2, lumaIn += 2, lumaIn1 += 2, cbIn += chromaStep, crIn += chromaStep, cbOut++, crOut++) {
    const chroma = (data[cbIn]! << 8) | (data[crIn]! << 16)
    const entry0 = entries[data[lumaIn]! | chroma]!
    const entry1 = entries[data[lumaIn + 1]! | chroma]!
    const entry2 = entries[data[lumaIn1]! | chroma]!
    const entry3 = entries[data[lumaIn1 + 1]! | chroma]!
    // Baked entries lie between 1 and 2³⁰, so one sign bit tells that one of them is not baked.
    if (((entry0 - 1) | (entry1 - 1) | (entry2 - 1) | (entry3 - 1)) < 0) missed[missedCount++] = lumaOut
    into[lumaOut] = entry0
    into[lumaOut + 1] = entry1
    into[lumaOut1] = entry2
    into[lumaOut1 + 1] = entry3
    // Cb quarters in the low 12 bits of the sum, Cr quarters above: the block's mean, rounded.
    const sum = (entry0 >>> 8) + (entry1 >>> 8) + (entry2 >>> 8) + (entry3 >>> 8)
    into[cbOut] = ((sum & CHROMA_SUM_MASK) + 8) >> 4
    into[crOut] = ((sum >>> 12) + 8) >> 4
  }
  return missedCount
}

/**
 * Blocks one at a time, baking colors as they come: the blocks cut by the frame's edge (an odd width
 * or height), too few to batch. Columns `fromColumn` (even) to `toColumn`.
 */
function gradeBlocks(source: Planes420, table: YuvGradeTable, into: Uint8Array, row: number, fromColumn: number, toColumn: number): void {
  const { data, width, height, y, cb, cr, chromaStep } = source
  const chromaRow = row >> 1
  const chromaWidth = (width + 1) >> 1
  const outCb = width * height
  const outCr = outCb + chromaWidth * ((height + 1) >> 1)
  for (let column = fromColumn; column < toColumn; column += 2) {
    const block = column >> 1
    const chroma = (data[cb.offset + chromaRow * cb.stride + block * chromaStep]! << 8) | (data[cr.offset + chromaRow * cr.stride + block * chromaStep]! << 16)
    let cbSum = 0
    let crSum = 0
    let samples = 0
    for (let lumaRow = row; lumaRow < Math.min(row + 2, height); lumaRow++) {
      for (let lumaColumn = column; lumaColumn < Math.min(column + 2, width); lumaColumn++) {
        const key = data[y.offset + lumaRow * y.stride + lumaColumn]! | chroma
        const entry = table.entries[key] || bakeOne(table, key)
        into[lumaRow * width + lumaColumn] = entry
        cbSum += (entry >>> 8) & QUARTERS_MAX
        crSum += (entry >>> 20) & QUARTERS_MAX
        samples++
      }
    }
    into[outCb + chromaRow * chromaWidth + block] = Math.round(cbSum / (4 * samples))
    into[outCr + chromaRow * chromaWidth + block] = Math.round(crSum / (4 * samples))
  }
}

const oneKey = new Int32Array(1)

function bakeOne(table: YuvGradeTable, key: number): number {
  oneKey[0] = key
  table.bakeKeys(oneKey, 1)
  return table.entries[key]!
}

/** Bytes of a packed I420 frame of this size. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * ((width + 1) >> 1) * ((height + 1) >> 1)
}
