/**
 * What the benchmarks print beside their figures so a figure from one machine can be read against
 * another's: the CPU's model, its cores and the SIMD it offers, the load average while measuring,
 * and the spread of a figure over its runs. Media speed follows the CPU more than anything else
 * (ffmpeg's x264 uses AVX2/AVX-512 where it finds them; WebAssembly SIMD is 128 bits wide anywhere).
 */
import { readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
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

/**
 * CPU seconds spent so far by the threads of the processes whose command line holds `marker` (a
 * browser's profile folder), summed by process type and thread name, from /proc/<pid>/task/<tid>/stat.
 * CPU time holds under load where wall time does not: a shared machine stretches the wall clock, not
 * the work. A thread that has ended (a worker let go) is counted under `<type>/ended threads`, from
 * the process's own total, which keeps what its ended threads spent. Linux only: undefined elsewhere.
 */
export async function threadCpuSeconds(marker: string): Promise<Map<string, number> | undefined> {
  const pids = await readdir('/proc').catch(() => undefined)
  if (!pids) return undefined
  const byName = new Map<string, number>()
  const add = (name: string, seconds: number) => byName.set(name, (byName.get(name) ?? 0) + seconds)
  for (const pid of pids.filter((name) => /^\d+$/.test(name))) {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (!commandLine.includes(marker)) continue
    const kind = /--type=(\w+)/.exec(commandLine)?.[1] ?? 'browser'
    const whole = cpuOfStat(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''))
    if (!whole) continue
    let live = 0
    for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [])) {
      const thread = cpuOfStat(await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => ''))
      if (!thread) continue
      live += thread.seconds
      add(`${kind}/${thread.name}`, thread.seconds)
    }
    add(`${kind}/ended threads`, Math.max(0, whole.seconds - live))
  }
  return byName
}

/** A stat file's name and its user + system CPU seconds. */
function cpuOfStat(stat: string): { name: string; seconds: number } | undefined {
  // "tid (name) state …": the name may hold spaces and parentheses, so split after the last ')'.
  const close = stat.lastIndexOf(')')
  if (close < 0) return undefined
  const fields = stat.slice(close + 2).split(' ')
  // utime and stime, the stat file's 14th and 15th fields (12th and 13th after the name), in USER_HZ
  // ticks: 100 a second on every Linux.
  const ticks = Number(fields[11]) + Number(fields[12])
  // Chromium numbers its pool threads ("ThreadPoolForeg…"): one name for them all.
  return { name: stat.slice(stat.indexOf('(') + 1, close).replace(/\d+$/, ''), seconds: ticks / 100 }
}

/**
 * CPU seconds spent so far by this process's children that have ended (ffmpeg runs), from
 * /proc/self/stat's cutime and cstime: a child's threads all count, as `time` reports them. Linux only: 0 elsewhere.
 */
export async function childCpuSeconds(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8').catch(() => '')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // cutime and cstime, the stat file's 16th and 17th fields (14th and 15th after the name).
  return (Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) / 100
}

/** What each thread name spent between two readings of `threadCpuSeconds`, largest first. */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after]
    .map(([name, seconds]): [string, number] => [name, seconds - (before.get(name) ?? 0)])
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1])
}

/** "21.3 ms (renderer/chromium 8.1, renderer/ended threads 9.0, …)": CPU milliseconds a frame, in all and by the threads that spent the most. */
export function cpuPerFrame(cpu: [string, number][], frames: number): string {
  const ms = (seconds: number) => ((1000 * seconds) / frames).toFixed(1)
  const total = cpu.reduce((sum, [, seconds]) => sum + seconds, 0)
  const named = cpu.filter(([, seconds]) => seconds >= total / 50).map(([name, seconds]) => `${name} ${ms(seconds)}`)
  return `${ms(total)} ms (${named.join(', ')})`
}

export const cpuTotal = (cpu: [string, number][]) => cpu.reduce((sum, [, seconds]) => sum + seconds, 0)
