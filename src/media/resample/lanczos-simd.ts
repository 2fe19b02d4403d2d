/*
 * Lanczos-3 of one 8-bit plane on a stretch (six taps each way: an upscale, or the same size) with
 * WebAssembly SIMD (../wasm/lanczos.wat), giving the same samples as the JavaScript loops in
 * lanczos.ts, about three times as fast. The intermediate picture lives in the kernel's memory; each
 * source row is copied in, padded with copies of its edge samples, and each output row copied out.
 * An exact ×2 across (1080p → 2160p) takes a two-phase horizontal pass with no per-column tables.
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
type TwoPhaseRowAcross = (
  row: number, out: number, count: number,
  a0: number, a1: number, a2: number, a3: number, a4: number, a5: number,
  b0: number, b1: number, b2: number, b3: number, b4: number, b5: number,
) => void

const TAPS = 6
/** Edge copies each side of a padded source row: taps reach 3 past an edge, and 8 bytes are read for 6. */
const PAD = 8
/** Outputs the two-phase kernel writes a step: eight source samples' even and odd outputs. */
const TWO_PHASE_STEP = 16

export type PlaneResample = (source: Plane, into: Uint8Array, fromColumn: number, toColumn: number) => void

/**
 * A resampler for one size pair, or undefined where it does not apply (a shrink, which has more taps)
 * or the engine has no WebAssembly SIMD. `rows` are the vertical taps' source rows, clamped.
 * `twoPhase: false` keeps an exact ×2 on the general kernel (the tests compare the two).
 */
export function simdPlaneResampler(
  across: AxisTaps,
  down: AxisTaps,
  rows: Int32Array,
  fromWidth: number,
  fromHeight: number,
  { twoPhase: allowTwoPhase = true } = {},
): PlaneResample | undefined {
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
  const twoPhaseRowAcross = exportedFunction<TwoPhaseRowAcross>(instance, 'twoPhaseRowAcross')
  const phases = allowTwoPhase ? twoPhaseWeights(across, fromWidth) : undefined
  const bytes = new Uint8Array(memory.buffer)
  const firsts = new Int32Array(memory.buffer, firstsAt, toWidth)
  const weights = new Int16Array(memory.buffer, weightsAt, 8 * toWidth)
  for (let x = 0; x < toWidth; x++) {
    firsts[x] = PAD + across.first[x]!
    for (let tap = 0; tap < TAPS; tap++) weights[8 * x + tap] = across.weights[TAPS * x + tap]!
  }
  const sourceRow = bytes.subarray(sourceRowAt + PAD, sourceRowAt + PAD + fromWidth)

  /** Output columns `from` to `to` of one intermediate row starting at byte `rowAt`. */
  const generalAcross = (rowAt: number, from: number, to: number) => {
    if (to > from) sixTapRowAcross(sourceRowAt, firstsAt + 4 * from, weightsAt + 16 * from, rowAt + 2 * from, to - from)
  }
  // The two-phase kernel takes whole steps from an even column; the general one any columns either side.
  const rowAcross = phases
    ? (rowAt: number, from: number, to: number) => {
        const start = Math.min(to, from + (from & 1))
        const end = to - ((to - start) % TWO_PHASE_STEP)
        generalAcross(rowAt, from, start)
        if (end > start) twoPhaseRowAcross(sourceRowAt + PAD + start / 2 - 3, rowAt + 2 * start, end - start, ...phases)
        generalAcross(rowAt, end, to)
      }
    : generalAcross

  return (source, into, fromColumn, toColumn) => {
    const { data, offset, stride, step } = source
    const count = toColumn - fromColumn
    for (let y = 0; y < fromHeight; y++) {
      const rowIn = offset + y * stride
      if (step === 1) sourceRow.set(data.subarray(rowIn, rowIn + fromWidth))
      else for (let x = 0; x < fromWidth; x++) sourceRow[x] = data[rowIn + x * step]!
      bytes.fill(sourceRow[0]!, sourceRowAt, sourceRowAt + PAD)
      bytes.fill(sourceRow[fromWidth - 1]!, sourceRowAt + PAD + fromWidth, sourceRowAt + 2 * PAD + fromWidth)
      rowAcross(y * rowBytes, fromColumn, toColumn)
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

type PhaseWeights = [number, number, number, number, number, number, number, number, number, number, number, number]

/**
 * The even and odd outputs' six weights when `across` is an exact ×2 whose every column has them
 * (output 2k reading from source k-3, output 2k+1 from k-2), checked column by column so the
 * two-phase kernel gives the very samples the tables do; undefined otherwise.
 */
function twoPhaseWeights(across: AxisTaps, fromWidth: number): PhaseWeights | undefined {
  const { first, weights } = across
  if (first.length !== 2 * fromWidth) return undefined
  for (let x = 0; x < first.length; x++) {
    if (first[x] !== (x >> 1) - 3 + (x & 1)) return undefined
    const phase = (x & 1) * TAPS
    for (let tap = 0; tap < TAPS; tap++) if (weights[x * TAPS + tap] !== weights[phase + tap]) return undefined
  }
  const [a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5] = weights
  return [a0!, a1!, a2!, a3!, a4!, a5!, b0!, b1!, b2!, b3!, b4!, b5!]
}

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to
}
