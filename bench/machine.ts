/**
 * What the benchmarks print beside their figures so a figure from one machine can be read against
 * another's: the CPU's model, its cores and the SIMD it offers, the load average while measuring,
 * and the spread of a figure over its runs. Media speed follows the CPU more than anything else
 * (ffmpeg's x264 uses AVX2/AVX-512 where it finds them; WebAssembly SIMD is 128 bits wide anywhere).
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'

/** The SIMD extensions that matter to video code, in the order they came, as /proc/cpuinfo names them. */
const SIMD_FLAGS = ['sse4_1', 'sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni', 'avx_vnni', 'neon', 'asimd', 'sve']

/** "AMD EPYC, 2 cores, SIMD sse4_1 sse4_2 avx avx2 fma avx512f avx512bw avx512vl": what this machine is. */
export function machineLine(): string {
  const processors = cpus()
  const model = processors[0]?.model.trim() || 'unknown CPU'
  return `${model}, ${processors.length} cores, SIMD ${simdFlags() ?? 'not known (no /proc/cpuinfo)'}`
}

function simdFlags(): string | undefined {
  let cpuinfo: string
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  } catch {
    return undefined
  }
  // x86 says "flags", ARM "Features".
  const line = /^(?:flags|Features)\s*:(.*)$/m.exec(cpuinfo)?.[1]
  if (line === undefined) return undefined
  const offered = new Set(line.trim().split(/\s+/))
  return SIMD_FLAGS.filter((flag) => offered.has(flag)).join(' ') || 'none of ' + SIMD_FLAGS.join(' ')
}

/** The one-minute load average now, to print before and after a measurement. */
export function loadNow(): number {
  return loadavg()[0]!
}

/** "load average 2.1 → 3.4 on AMD EPYC, 2 cores, SIMD …" */
export function conditions(loadBefore: number): string {
  return `load average ${loadBefore.toFixed(1)} → ${loadNow().toFixed(1)} on ${machineLine()}`
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** "3.61× (3.42–3.80 over 3 runs)": a ratio's median and its spread, ratios taken run by run. */
export function spread(values: readonly number[], digits: number, unit = ''): string {
  const text = (value: number) => `${value.toFixed(digits)}${unit}`
  if (values.length === 1) return `${text(values[0]!)} (1 run)`
  return `${text(median(values))} (${text(Math.min(...values))}–${text(Math.max(...values))} over ${values.length} runs)`
}
