/*
 * Lanczos-3 of one 8-bit plane on a stretch (six taps each way: an upscale, or the same size) with
 * WebAssembly SIMD (../wasm/lanczos.wat), giving the same samples as the JavaScript loops in
 * lanczos.ts, about three times as fast. The intermediate picture lives in the kernel's memory; each
 * source row is copied in, padded with copies of its edge samples, and each output row copied out.
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

export type PlaneResample = (source: Plane, into: Uint8Array, fromColumn: number, toColumn: number) => void

/**
 * A resampler for one size pair, or undefined where it does not apply (a shrink, which has more taps)
 * or the engine has no WebAssembly SIMD. `rows` are the vertical taps' source rows, clamped.
 */
export function simdPlaneResampler(across: AxisTaps, down: AxisTaps, rows: Int32Array, fromWidth: number, fromHeight: number): PlaneResample | undefined {
  if (across.taps !== TAPS || down.taps !== TAPS) return undefined
  const module = compiledKernel(lanczosWasm)
  if (!module) return undefined
  const toWidth = across.first.length
  const toHeight = down.first.length
  // Memory: the intermediate picture, one output row, one padded source row, then each output
  // column's first source byte (i32) and its weights (eight i16: six taps, two zeros).
  const rowBytes = toWidth * 2
  const outRowAt = rowBytes * fromHeight
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
    for (let y = 0; y < fromHeight; y++) {
      const rowIn = offset + y * stride
      if (step === 1) sourceRow.set(data.subarray(rowIn, rowIn + fromWidth))
      else for (let x = 0; x < fromWidth; x++) sourceRow[x] = data[rowIn + x * step]!
      bytes.fill(sourceRow[0]!, sourceRowAt, sourceRowAt + PAD)
      bytes.fill(sourceRow[fromWidth - 1]!, sourceRowAt + PAD + fromWidth, sourceRowAt + 2 * PAD + fromWidth)
      sixTapRowAcross(sourceRowAt, firstsAt + 4 * fromColumn, weightsAt + 16 * fromColumn, y * rowBytes + 2 * fromColumn, count)
    }
    const first = 2 * fromColumn
    const { weights: vertical } = down
    for (let y = 0, base = 0; y < toHeight; y++, base += TAPS) {
      sixTapRow(
        rows[base]! * rowBytes + first, rows[base + 1]! * rowBytes + first, rows[base + 2]! * rowBytes + first,
        rows[base + 3]! * rowBytes + first, rows[base + 4]! * rowBytes + first, rows[base + 5]! * rowBytes + first,
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
