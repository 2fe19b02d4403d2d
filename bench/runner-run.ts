/**
 * The headless runner's own cost per node: `npm run reelgraph -- run` on 1,000 text → prompt pairs
 * (2,000 nodes, 1,000 sinks, each written as a file) against the same on one pair, so the browser's
 * start-up cancels out. Cold is a fresh profile; cached the same pipeline again on that profile.
 * Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
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

async function runnerMs(pipeline: string, out: string, profile: string): Promise<number> {
  const started = performance.now()
  await run(process.execPath, [join(projectRoot, 'scripts', 'reelgraph.mjs'), 'run', pipeline, '--out', out, '--profile', profile], { cwd: projectRoot })
  return performance.now() - started
}

export async function benchRunner(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-runner-bench-'))
  try {
    const small = join(work, 'small.json')
    const large = join(work, 'large.json')
    await writeFile(small, JSON.stringify(pairs(1)))
    await writeFile(large, JSON.stringify(pairs(PAIRS)))
    const extraNodes = 2 * (PAIRS - 1)
    const cold: number[] = []
    const cached: number[] = []
    const loadBefore = loadNow()
    for (let round = 0; round < RUNS; round++) {
      log(`round ${round + 1} of ${RUNS}…`)
      // Taking turns, so a moment of load lands on both sides of a difference.
      const at = (name: string) => join(work, `${name}-${round}`)
      const smallCold = await runnerMs(small, at('small-out'), at('small-profile'))
      const largeCold = await runnerMs(large, at('large-out'), at('large-profile'))
      const smallCached = await runnerMs(small, at('small-out'), at('small-profile'))
      const largeCached = await runnerMs(large, at('large-out'), at('large-profile'))
      cold.push((largeCold - smallCold) / extraNodes)
      cached.push((largeCached - smallCached) / extraNodes)
    }
    return [
      `Runner, ${(2 * PAIRS).toLocaleString('en')} nodes (${PAIRS.toLocaleString('en')} sinks written) beside 2, whole command (${conditions(loadBefore)}):`,
      `  per node past start-up, cold:   ${spread(cold, 2, ' ms')} (goal ≤ ${TARGET_MS_PER_NODE} ms)`,
      `  per node past start-up, cached: ${spread(cached, 2, ' ms')} (goal ≤ ${TARGET_MS_PER_NODE} ms)`,
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
