/*
 * Lanczos-3 resampling of 8-bit RGBA pictures to any size, in plain TypeScript so it runs the same
 * in a page, a worker and the Node tests.
 *
 * Separable: a horizontal pass into an intermediate picture, then a vertical pass. Each axis has its
 * taps and weights worked out once per size pair (a clip's frames all share them), in 14-bit fixed
 * point, so the inner loops are integer multiply-adds. The intermediate keeps 6 bits below the code
 * value, so two rounding steps do not cost a visible level. Source pixels past the edge repeat the
 * edge pixel, as ffmpeg's swscale does.
 */

import { simdPlaneResampler } from './lanczos-simd'

/** Lobes of the Lanczos window: 3, as ffmpeg's `flags=lanczos` uses by default. */
const LOBES = 3
const WEIGHT_BITS = 14
const WEIGHT_ONE = 1 << WEIGHT_BITS
/** Extra precision of the intermediate picture, in bits below one code value. */
const INTERMEDIATE_BITS = 6
const HORIZONTAL_SHIFT = WEIGHT_BITS - INTERMEDIATE_BITS
const VERTICAL_SHIFT = WEIGHT_BITS + INTERMEDIATE_BITS
/** Taps per output pixel whenever the picture grows or keeps its size: the common case, written out. */
const STRETCH_TAPS = LOBES * 2

export interface RgbaPicture {
  /** Row after row of red, green, blue and alpha bytes, no padding. */
  pixels: Uint8Array | Uint8ClampedArray
  width: number
  height: number
}

/** For each output pixel along one axis: the first source pixel it reads and its weights. */
export interface AxisTaps {
  /** Taps per output pixel; the same for all of them. */
  taps: number
  /** First source index for each output pixel, may be negative or past the end (clamped on read). */
  first: Int32Array
  /** `taps` weights per output pixel, summing to `1 << 14`. */
  weights: Int32Array
}

function lanczos(x: number): number {
  if (x === 0) return 1
  if (x <= -LOBES || x >= LOBES) return 0
  const px = Math.PI * x
  return (LOBES * Math.sin(px) * Math.sin(px / LOBES)) / (px * px)
}

/**
 * The taps that take `from` pixels to `to` along one axis. Pixel centres line up as swscale's do:
 * output pixel i sits at source position (i + ½)·from/to − ½. On a shrink the window widens by the
 * ratio, so every source pixel counts and nothing aliases.
 */
export function axisTaps(from: number, to: number): AxisTaps {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < 1) {
    throw new Error(`cannot resample ${from} pixels to ${to}: both must be whole numbers of at least 1`)
  }
  const ratio = from / to
  const stretch = Math.max(1, ratio)
  const reach = LOBES * stretch
  // Every source pixel strictly inside the window, and no more: 6 taps on a stretch.
  const taps = Math.ceil(reach * 2)
  const first = new Int32Array(to)
  const weights = new Int32Array(to * taps)
  const exact = new Float64Array(taps)
  for (let out = 0; out < to; out++) {
    const centre = (out + 0.5) * ratio - 0.5
    const start = Math.floor(centre - reach) + 1
    first[out] = start
    let sum = 0
    for (let tap = 0; tap < taps; tap++) {
      exact[tap] = lanczos((start + tap - centre) / stretch)
      sum += exact[tap]!
    }
    // Rounded weights rarely sum to exactly one; the largest takes the remainder, so flat areas stay flat.
    let total = 0
    let largest = 0
    for (let tap = 0; tap < taps; tap++) {
      const weight = Math.round((exact[tap]! / sum) * WEIGHT_ONE)
      weights[out * taps + tap] = weight
      total += weight
      if (weight > weights[out * taps + largest]!) largest = tap
    }
    weights[out * taps + largest]! += WEIGHT_ONE - total
  }
  return { taps, first, weights }
}

/** A resampler for one size pair, its tables and buffers made once and reused for every frame. */
export function lanczosResampler(fromWidth: number, fromHeight: number, toWidth: number, toHeight: number): (source: RgbaPicture, into?: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> {
  const across = axisTaps(fromWidth, toWidth)
  const down = axisTaps(fromHeight, toHeight)
  const columns = clampedIndices(across, fromWidth)
  const rows = clampedIndices(down, fromHeight)
  const intermediate = new Int16Array(toWidth * fromHeight * 4)
  return (source, into = new Uint8Array(toWidth * toHeight * 4)) => {
    if (source.width !== fromWidth || source.height !== fromHeight) {
      throw new Error(`this resampler takes ${fromWidth}×${fromHeight} pictures, not ${source.width}×${source.height}`)
    }
    if (into.length !== toWidth * toHeight * 4) throw new Error(`the output buffer must hold ${toWidth}×${toHeight} RGBA pixels`)
    // One array type in the hot loops keeps them monomorphic, whichever kind the caller holds.
    const pixels = source.pixels instanceof Uint8Array ? source.pixels : new Uint8Array(source.pixels.buffer, source.pixels.byteOffset, source.pixels.length)
    resampleRows(pixels, fromWidth, fromHeight, toWidth, across, columns, intermediate)
    resampleColumns(intermediate, toWidth * 4, toHeight, down, rows, into)
    return into
  }
}

/** Resamples one picture; for many frames of one size, make a `lanczosResampler` once instead. */
export function resampleLanczos(source: RgbaPicture, toWidth: number, toHeight: number): Uint8Array<ArrayBuffer> {
  return lanczosResampler(source.width, source.height, toWidth, toHeight)(source)
}

/** The source index of every tap, clamped to the picture, so the inner loops never branch on edges. */
function clampedIndices(axis: AxisTaps, size: number): Int32Array {
  const indices = new Int32Array(axis.weights.length)
  for (let out = 0; out < axis.first.length; out++) {
    for (let tap = 0; tap < axis.taps; tap++) {
      indices[out * axis.taps + tap] = Math.min(size - 1, Math.max(0, axis.first[out]! + tap))
    }
  }
  return indices
}

function resampleRows(pixels: Uint8Array, fromWidth: number, height: number, toWidth: number, axis: AxisTaps, columns: Int32Array, into: Int16Array): void {
  if (axis.taps === STRETCH_TAPS) return resampleRowsSixTaps(pixels, fromWidth, height, toWidth, axis.weights, columns, into)
  const { taps, weights } = axis
  const round = 1 << (HORIZONTAL_SHIFT - 1)
  for (let y = 0; y < height; y++) {
    const rowIn = y * fromWidth * 4
    let at = y * toWidth * 4
    for (let x = 0; x < toWidth; x++) {
      let r = round
      let g = round
      let b = round
      let a = round
      const base = x * taps
      for (let tap = 0; tap < taps; tap++) {
        const weight = weights[base + tap]!
        const from = rowIn + columns[base + tap]! * 4
        r += weight * pixels[from]!
        g += weight * pixels[from + 1]!
        b += weight * pixels[from + 2]!
        a += weight * pixels[from + 3]!
      }
      into[at] = r >> HORIZONTAL_SHIFT
      into[at + 1] = g >> HORIZONTAL_SHIFT
      into[at + 2] = b >> HORIZONTAL_SHIFT
      into[at + 3] = a >> HORIZONTAL_SHIFT
      at += 4
    }
  }
}

/** The same as `resampleRows` for the six taps of a stretch, written out: twice as fast in V8. */
function resampleRowsSixTaps(pixels: Uint8Array, fromWidth: number, height: number, toWidth: number, weights: Int32Array, columns: Int32Array, into: Int16Array): void {
  const round = 1 << (HORIZONTAL_SHIFT - 1)
  for (let y = 0; y < height; y++) {
    const rowIn = y * fromWidth * 4
    let at = y * toWidth * 4
    for (let x = 0; x < toWidth; x++) {
      const base = x * STRETCH_TAPS
      const w0 = weights[base]!
      const w1 = weights[base + 1]!
      const w2 = weights[base + 2]!
      const w3 = weights[base + 3]!
      const w4 = weights[base + 4]!
      const w5 = weights[base + 5]!
      const p0 = rowIn + columns[base]! * 4
      const p1 = rowIn + columns[base + 1]! * 4
      const p2 = rowIn + columns[base + 2]! * 4
      const p3 = rowIn + columns[base + 3]! * 4
      const p4 = rowIn + columns[base + 4]! * 4
      const p5 = rowIn + columns[base + 5]! * 4
      into[at] = (round + w0 * pixels[p0]! + w1 * pixels[p1]! + w2 * pixels[p2]! + w3 * pixels[p3]! + w4 * pixels[p4]! + w5 * pixels[p5]!) >> HORIZONTAL_SHIFT
      into[at + 1] =
        (round + w0 * pixels[p0 + 1]! + w1 * pixels[p1 + 1]! + w2 * pixels[p2 + 1]! + w3 * pixels[p3 + 1]! + w4 * pixels[p4 + 1]! + w5 * pixels[p5 + 1]!) >>
        HORIZONTAL_SHIFT
      into[at + 2] =
        (round + w0 * pixels[p0 + 2]! + w1 * pixels[p1 + 2]! + w2 * pixels[p2 + 2]! + w3 * pixels[p3 + 2]! + w4 * pixels[p4 + 2]! + w5 * pixels[p5 + 2]!) >>
        HORIZONTAL_SHIFT
      into[at + 3] =
        (round + w0 * pixels[p0 + 3]! + w1 * pixels[p1 + 3]! + w2 * pixels[p2 + 3]! + w3 * pixels[p3 + 3]! + w4 * pixels[p4 + 3]! + w5 * pixels[p5 + 3]!) >>
        HORIZONTAL_SHIFT
      at += 4
    }
  }
}

/**
 * Row by row, so each pass reads whole intermediate rows in order, which the cache likes. `stride`
 * is the samples in a row: 4 a pixel for RGBA, 1 for a plane.
 */
function resampleColumns(intermediate: Int16Array, stride: number, toHeight: number, axis: AxisTaps, rows: Int32Array, into: Uint8Array, from = 0, to = stride): void {
  if (axis.taps === STRETCH_TAPS) return resampleColumnsSixTaps(intermediate, stride, toHeight, axis.weights, rows, into, from, to)
  const { taps, weights } = axis
  const round = 1 << (VERTICAL_SHIFT - 1)
  const sums = new Int32Array(stride)
  for (let y = 0; y < toHeight; y++) {
    sums.fill(round)
    for (let tap = 0; tap < taps; tap++) {
      const weight = weights[y * taps + tap]!
      if (weight === 0) continue
      const rowStart = rows[y * taps + tap]! * stride
      for (let i = from; i < to; i++) sums[i]! += weight * intermediate[rowStart + i]!
    }
    const rowOut = y * stride
    for (let i = from; i < to; i++) {
      const value = sums[i]! >> VERTICAL_SHIFT
      into[rowOut + i] = value < 0 ? 0 : value > 255 ? 255 : value
    }
  }
}

/** The same as `resampleColumns` for the six taps of a stretch, in one pass over each output row. */
function resampleColumnsSixTaps(intermediate: Int16Array, stride: number, toHeight: number, weights: Int32Array, rows: Int32Array, into: Uint8Array, from: number, to: number): void {
  const round = 1 << (VERTICAL_SHIFT - 1)
  for (let y = 0; y < toHeight; y++) {
    const base = y * STRETCH_TAPS
    const w0 = weights[base]!
    const w1 = weights[base + 1]!
    const w2 = weights[base + 2]!
    const w3 = weights[base + 3]!
    const w4 = weights[base + 4]!
    const w5 = weights[base + 5]!
    const r0 = rows[base]! * stride
    const r1 = rows[base + 1]! * stride
    const r2 = rows[base + 2]! * stride
    const r3 = rows[base + 3]! * stride
    const r4 = rows[base + 4]! * stride
    const r5 = rows[base + 5]! * stride
    const rowOut = y * stride
    for (let i = from; i < to; i++) {
      const value =
        (round +
          w0 * intermediate[r0 + i]! +
          w1 * intermediate[r1 + i]! +
          w2 * intermediate[r2 + i]! +
          w3 * intermediate[r3 + i]! +
          w4 * intermediate[r4 + i]! +
          w5 * intermediate[r5 + i]!) >>
        VERTICAL_SHIFT
      into[rowOut + i] = value < 0 ? 0 : value > 255 ? 255 : value
    }
  }
}

/**
 * A resampler to one size for pictures of any size, such as the frames of clips joined together:
 * the tables are remade only when the source size changes, and one output buffer serves every call.
 */
export function lanczosTo(toWidth: number, toHeight: number): (source: RgbaPicture) => Uint8Array<ArrayBuffer> {
  const into = new Uint8Array(toWidth * toHeight * 4)
  let resample: ReturnType<typeof lanczosResampler> | undefined
  let fromWidth = 0
  let fromHeight = 0
  return (source) => {
    if (!resample || source.width !== fromWidth || source.height !== fromHeight) {
      ;({ width: fromWidth, height: fromHeight } = source)
      resample = lanczosResampler(fromWidth, fromHeight, toWidth, toHeight)
    }
    return resample(source, into)
  }
}

/** One 8-bit plane of a frame (its luma, or one chroma plane) where it sits in the frame's buffer. */
export interface Plane {
  data: Uint8Array
  offset: number
  /** Bytes from one row to the next. */
  stride: number
  /** Bytes from one sample to the next along a row: 1, or 2 for NV12's interleaved chroma. */
  step: number
  width: number
  height: number
}

/**
 * A resampler of single 8-bit planes for one size pair: what a 4:2:0 frame is scaled with, a plane
 * at a time, as ffmpeg's `scale` does it, so a frame moves 1.5 bytes a pixel instead of RGBA's 4.
 * Writes the plane packed (no row padding) into `into`; output columns `fromColumn` to `toColumn`
 * only, when given, so workers can share a plane (columns depend on nothing across them). A stretch
 * runs in WebAssembly SIMD (lanczos-simd.ts) where the engine has it, unless `simd` is false; the
 * JavaScript loops give the same samples.
 */
export function lanczosPlaneResampler(
  fromWidth: number,
  fromHeight: number,
  toWidth: number,
  toHeight: number,
  { simd: useSimd = true } = {},
): (source: Plane, into: Uint8Array, fromColumn?: number, toColumn?: number) => void {
  const across = axisTaps(fromWidth, toWidth)
  const down = axisTaps(fromHeight, toHeight)
  const columns = clampedIndices(across, fromWidth)
  const rows = clampedIndices(down, fromHeight)
  const simd = useSimd ? simdPlaneResampler(across, down, rows, fromWidth) : undefined
  // Made only for the JavaScript loops, which a shrink (or an engine without WebAssembly SIMD) takes.
  const intermediate = simd ? undefined : new Int16Array(toWidth * fromHeight)
  return (source, into, fromColumn = 0, toColumn = toWidth) => {
    if (source.width !== fromWidth || source.height !== fromHeight) {
      throw new Error(`this resampler takes ${fromWidth}×${fromHeight} planes, not ${source.width}×${source.height}`)
    }
    if (into.length < toWidth * toHeight) throw new Error(`the output must hold ${toWidth}×${toHeight} samples`)
    if (simd) return simd(source, into, fromColumn, toColumn)
    resamplePlaneRows(source, toWidth, across, columns, intermediate!, fromColumn, toColumn)
    resampleColumns(intermediate!, toWidth, toHeight, down, rows, into, fromColumn, toColumn)
  }
}

function resamplePlaneRows(source: Plane, toWidth: number, axis: AxisTaps, columns: Int32Array, into: Int16Array, fromColumn: number, toColumn: number): void {
  const { data, offset, stride, step, height } = source
  const { taps, weights } = axis
  const round = 1 << (HORIZONTAL_SHIFT - 1)
  // Source positions in bytes, once for all rows.
  const positions = columns.map((column) => column * step)
  for (let y = 0; y < height; y++) {
    const rowIn = offset + y * stride
    const rowOut = y * toWidth
    if (taps === STRETCH_TAPS) {
      for (let x = fromColumn, base = fromColumn * STRETCH_TAPS; x < toColumn; x++, base += STRETCH_TAPS) {
        into[rowOut + x] =
          (round +
            weights[base]! * data[rowIn + positions[base]!]! +
            weights[base + 1]! * data[rowIn + positions[base + 1]!]! +
            weights[base + 2]! * data[rowIn + positions[base + 2]!]! +
            weights[base + 3]! * data[rowIn + positions[base + 3]!]! +
            weights[base + 4]! * data[rowIn + positions[base + 4]!]! +
            weights[base + 5]! * data[rowIn + positions[base + 5]!]!) >>
          HORIZONTAL_SHIFT
      }
      continue
    }
    for (let x = fromColumn; x < toColumn; x++) {
      let sum = round
      const base = x * taps
      for (let tap = 0; tap < taps; tap++) sum += weights[base + tap]! * data[rowIn + positions[base + tap]!]!
      into[rowOut + x] = sum >> HORIZONTAL_SHIFT
    }
  }
}
