/*
 * Lanczos-3 of one 8-bit plane on a stretch (six taps each way: an upscale, or the same size) with
 * WebAssembly SIMD (../wasm/lanczos.wat), giving the same samples as the JavaScript loops in
 * lanczos.ts, about three times as fast. Each source row is copied into the kernel's memory, padded
 * with copies of its edge samples, and each output row copied out. The intermediate rows are made as
 * the vertical pass first needs them, into a ring of eight rows (60 KB at 4K) rather than a whole
 * intermediate picture (8 MB at 4K, in the page and in every worker). The same samples and the same
 * speed: the kernels' arithmetic, not memory, sets their pace.
 */
import { lanczosWasm } from '../wasm/lanczos-wasm'
import { compiledKernel, exportedFunction } from '../wasm/kernels'
import type { AxisTaps, Plane } from './lanczos'

type SixTapRow = (
  r0: number, r1: number, r2: number, r3: number, r4: number, r5: number,
  w0: number, w1: number, w2: number, w3: number, w4: number, w5: number,
  out: number, count: number,
) => void
type SixTapRowAcross = (row: number, firsts: number, weights: number, out: number, count: number) => void

const TAPS = 6
/** Edge copies each side of a padded source row: taps reach 3 past an edge, and 8 bytes are read for 6. */
const PAD = 8
/**
 * Intermediate rows kept: an output row of a stretch reads six consecutive source rows, and the next
 * output row's six start at most one row later, so a ring of eight never overwrites one still needed.
 */
const RING_ROWS = 8

export type PlaneResample = (source: Plane, into: Uint8Array, fromColumn: number, toColumn: number) => void

/**
 * A resampler for one size pair, or undefined where it does not apply (a shrink, which has more taps)
 * or the engine has no WebAssembly SIMD. `rows` are the vertical taps' source rows, clamped.
 */
export function simdPlaneResampler(across: AxisTaps, down: AxisTaps, rows: Int32Array, fromWidth: number): PlaneResample | undefined {
  if (across.taps !== TAPS || down.taps !== TAPS) return undefined
  const module = compiledKernel(lanczosWasm)
  if (!module) return undefined
  const toWidth = across.first.length
  const toHeight = down.first.length
  // Memory: the ring of intermediate rows, one output row, one padded source row, then each output
  // column's first source byte (i32) and its weights (eight i16: six taps, two zeros).
  const rowBytes = toWidth * 2
  const outRowAt = rowBytes * RING_ROWS
  const sourceRowAt = outRowAt + toWidth
  const firstsAt = align(sourceRowAt + fromWidth + 2 * PAD, 16)
  const weightsAt = firstsAt + 4 * toWidth
  const pages = Math.ceil((weightsAt + 16 * toWidth) / 65536)
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages })
  const instance = new WebAssembly.Instance(module, { env: { memory } })
  const sixTapRow = exportedFunction<SixTapRow>(instance, 'sixTapRow')
  const sixTapRowAcross = exportedFunction<SixTapRowAcross>(instance, 'sixTapRowAcross')
  const bytes = new Uint8Array(memory.buffer)
  const firsts = new Int32Array(memory.buffer, firstsAt, toWidth)
  const weights = new Int16Array(memory.buffer, weightsAt, 8 * toWidth)
  for (let x = 0; x < toWidth; x++) {
    firsts[x] = PAD + across.first[x]!
    for (let tap = 0; tap < TAPS; tap++) weights[8 * x + tap] = across.weights[TAPS * x + tap]!
  }
  const sourceRow = bytes.subarray(sourceRowAt + PAD, sourceRowAt + PAD + fromWidth)

  return (source, into, fromColumn, toColumn) => {
    const { data, offset, stride, step } = source
    const count = toColumn - fromColumn
    const first = 2 * fromColumn
    const ringAt = (y: number) => (y % RING_ROWS) * rowBytes
    /** Source row `y` resampled across into its place in the ring. */
    const makeRow = (y: number) => {
      const rowIn = offset + y * stride
      if (step === 1) sourceRow.set(data.subarray(rowIn, rowIn + fromWidth))
      else for (let x = 0; x < fromWidth; x++) sourceRow[x] = data[rowIn + x * step]!
      bytes.fill(sourceRow[0]!, sourceRowAt, sourceRowAt + PAD)
      bytes.fill(sourceRow[fromWidth - 1]!, sourceRowAt + PAD + fromWidth, sourceRowAt + 2 * PAD + fromWidth)
      sixTapRowAcross(sourceRowAt, firstsAt + 4 * fromColumn, weightsAt + 16 * fromColumn, ringAt(y) + first, count)
    }
    const { weights: vertical } = down
    let made = -1
    for (let y = 0, base = 0; y < toHeight; y++, base += TAPS) {
      // The taps' rows are clamped and in order: the last is the furthest this output row reads.
      while (made < rows[base + 5]!) makeRow(++made)
      sixTapRow(
        ringAt(rows[base]!) + first, ringAt(rows[base + 1]!) + first, ringAt(rows[base + 2]!) + first,
        ringAt(rows[base + 3]!) + first, ringAt(rows[base + 4]!) + first, ringAt(rows[base + 5]!) + first,
        vertical[base]!, vertical[base + 1]!, vertical[base + 2]!, vertical[base + 3]!, vertical[base + 4]!, vertical[base + 5]!,
        outRowAt, count,
      )
      into.set(bytes.subarray(outRowAt, outRowAt + count), y * toWidth + fromColumn)
    }
  }
}

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to
}
