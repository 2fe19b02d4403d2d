/**
 * The headless runner's own cost per node: `npm run reelgraph -- run` on 1,000 text → prompt pairs
 * (2,000 nodes, 1,000 sinks, each written as a file) against the same on one pair, so the browser's
 * start-up cancels out. Cold is a fresh profile; cached the same pipeline again on that profile.
 * Wall time, and the CPU time of every process of the command (Linux), which holds under load.
 * Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { projectRoot } from '../scripts/dist.mjs'
import type { PipelineDoc } from '../src/graph'
import { conditions, loadNow, spread } from './machine'

const run = promisify(execFile)
const PAIRS = 1000
const RUNS = 3
const TARGET_MS_PER_NODE = 0.5

function pairs(count: number): PipelineDoc {
  const doc: PipelineDoc = { format: 'reelgraph', version: 1, id: `runner-bench-${count}`, name: `Runner bench, ${count} pairs`, description: '', nodes: [], edges: [] }
  for (let i = 0; i < count; i++) {
    doc.nodes.push(
      { id: `line${i}`, type: 'text', typeVersion: 1, position: { x: 0, y: 120 * i }, params: { text: `place: street ${i}` } },
      { id: `shot${i}`, type: 'prompt', typeVersion: 1, position: { x: 320, y: 120 * i }, params: { subject: 'a tram', environment: '{place}' } },
    )
    doc.edges.push({ id: `link${i}`, from: { node: `line${i}`, port: 'text' }, to: { node: `shot${i}`, port: 'vars' } })
  }
  return doc
}

/** Clock ticks a second in /proc: 100 on every Linux build Node runs on. */
const CLOCK_TICKS = 100

/**
 * CPU time (user and system, in ms) of this process's children that have ended and been waited
 * for: the runner, its Chromium and every process Chromium started. Linux only (/proc); undefined
 * elsewhere. CPU time holds under load where wall time does not.
 */
async function childrenCpuMs(): Promise<number | undefined> {
  const stat = await readFile('/proc/self/stat', 'utf8').catch(() => undefined)
  if (stat === undefined) return undefined
  // Fields after the command's closing parenthesis: cutime and cstime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS
}

interface RunnerCost {
  wallMs: number
  cpuMs: number | undefined
}

async function runnerCost(pipeline: string, out: string, profile: string): Promise<RunnerCost> {
  const cpuBefore = await childrenCpuMs()
  const started = performance.now()
  await run(process.execPath, [join(projectRoot, 'scripts', 'reelgraph.mjs'), 'run', pipeline, '--out', out, '--profile', profile], { cwd: projectRoot })
  const wallMs = performance.now() - started
  const cpuAfter = await childrenCpuMs()
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore }
}

/** What the large run cost past the small one, per extra node: wall time, and CPU time where it is known. */
function perNode(large: RunnerCost, small: RunnerCost, extraNodes: number): RunnerCost {
  const cpuMs = large.cpuMs === undefined || small.cpuMs === undefined ? undefined : (large.cpuMs - small.cpuMs) / extraNodes
  return { wallMs: (large.wallMs - small.wallMs) / extraNodes, cpuMs }
}

function costLines(label: string, costs: readonly RunnerCost[]): string[] {
  const cpu = costs.flatMap((cost) => (cost.cpuMs === undefined ? [] : [cost.cpuMs]))
  return [
    `  per node past start-up, ${label}: ${spread(costs.map((cost) => cost.wallMs), 2, ' ms')} wall (goal ≤ ${TARGET_MS_PER_NODE} ms)`,
    ...(cpu.length === costs.length ? [`  ${' '.repeat(label.length + 24)}  ${spread(cpu, 2, ' ms')} CPU, every process of the command`] : []),
  ]
}

export async function benchRunner(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-runner-bench-'))
  try {
    const small = join(work, 'small.json')
    const large = join(work, 'large.json')
    await writeFile(small, JSON.stringify(pairs(1)))
    await writeFile(large, JSON.stringify(pairs(PAIRS)))
    const extraNodes = 2 * (PAIRS - 1)
    const cold: RunnerCost[] = []
    const cached: RunnerCost[] = []
    const loadBefore = loadNow()
    for (let round = 0; round < RUNS; round++) {
      log(`round ${round + 1} of ${RUNS}…`)
      // Taking turns, so a moment of load lands on both sides of a difference.
      const at = (name: string) => join(work, `${name}-${round}`)
      const smallCold = await runnerCost(small, at('small-out'), at('small-profile'))
      const largeCold = await runnerCost(large, at('large-out'), at('large-profile'))
      const smallCached = await runnerCost(small, at('small-out'), at('small-profile'))
      const largeCached = await runnerCost(large, at('large-out'), at('large-profile'))
      cold.push(perNode(largeCold, smallCold, extraNodes))
      cached.push(perNode(largeCached, smallCached, extraNodes))
    }
    return [
      `Runner, ${(2 * PAIRS).toLocaleString('en')} nodes (${PAIRS.toLocaleString('en')} sinks written) beside 2, whole command (${conditions(loadBefore)}):`,
      ...costLines('cold', cold),
      ...costLines('cached', cached),
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
