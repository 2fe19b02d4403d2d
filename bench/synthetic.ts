/**
 * Executor overhead on synthetic graphs of trivial nodes, the same code in Node and in Chromium.
 * The nodes add numbers, so what is measured is planning, cache keys, scheduling and the result
 * store: what the executor adds to every node of a real pipeline.
 */
import { z } from 'zod'
import {
  defineNode,
  MemoryAssetStore,
  MemoryResultStore,
  NodeRegistry,
  planRun,
  port,
  runPipeline,
  type ResultStore,
} from '../src/engine'
import type { PipelineDoc, PipelineEdge, PipelineNode } from '../src/graph'

const source = defineNode({
  type: 'bench-source',
  version: 1,
  title: 'Number',
  category: 'Bench',
  inputs: {},
  outputs: { value: port.number() },
  params: z.object({ value: z.number().default(1) }),
  async run({ params }) {
    return { value: params.value }
  },
})

const mix = defineNode({
  type: 'bench-mix',
  version: 1,
  title: 'Add',
  category: 'Bench',
  inputs: { a: port.number(), b: port.number({ optional: true }) },
  outputs: { value: port.number() },
  params: z.object({ plus: z.number().default(1) }),
  async run({ inputs, params }) {
    return { value: inputs.a + (inputs.b ?? 0) + params.plus }
  },
})

export const benchRegistry = new NodeRegistry([source, mix])

/** chain: each node reads the one before; fan-out: one source read by all; layered: 50 wide, two parents each. */
export const shapes = ['chain', 'fan-out', 'layered'] as const
export type Shape = (typeof shapes)[number]
export const sizes = [1000, 5000] as const
const LAYER_WIDTH = 50

export function syntheticPipeline(shape: Shape, size: number): PipelineDoc {
  const nodes: PipelineNode[] = []
  const edges: PipelineEdge[] = []
  const link = (from: string, to: string, input: 'a' | 'b') =>
    edges.push({ id: `e${edges.length}`, from: { node: from, port: 'value' }, to: { node: to, port: input } })
  const roots = shape === 'layered' ? LAYER_WIDTH : 1
  for (let i = 0; i < size; i++) {
    const id = `n${i}`
    const position = { x: (i % LAYER_WIDTH) * 200, y: Math.floor(i / LAYER_WIDTH) * 100 }
    if (i < roots) {
      nodes.push({ id, type: 'bench-source', typeVersion: 1, position, params: { value: i } })
      continue
    }
    nodes.push({ id, type: 'bench-mix', typeVersion: 1, position, params: { plus: i } })
    if (shape === 'chain') link(`n${i - 1}`, id, 'a')
    else if (shape === 'fan-out') link('n0', id, 'a')
    else {
      const layerStart = i - (i % LAYER_WIDTH) - LAYER_WIDTH
      link(`n${layerStart + (i % LAYER_WIDTH)}`, id, 'a')
      link(`n${layerStart + ((i + 1) % LAYER_WIDTH)}`, id, 'b')
    }
  }
  return { format: 'reelgraph', version: 1, id: `bench-${shape}-${size}`, name: `${shape} of ${size}`, description: '', nodes, edges }
}

/** A result store for one measurement; `reopen` gives a new handle on the same data, as after a reload. */
export interface BenchStore {
  results: ResultStore
  reopen(): Promise<BenchStore>
  close(): Promise<void>
}

export type StoreFactory = (name: string) => Promise<BenchStore>

export function memoryStore(): StoreFactory {
  return async () => {
    const results = new MemoryResultStore()
    const store: BenchStore = { results, reopen: async () => store, close: async () => {} }
    return store
  }
}

export interface BenchFigures {
  /** Planning alone (validation, order, cache keys), per node. */
  planMsPerNode: number
  /** A run with an empty cache, per node: plan, schedule, run the trivial nodes, store results. */
  coldMsPerNode: number
  coldMs: number
  /** A run where every node is in the cache, from a freshly opened store. */
  cachedMs: number
}

/** One case: its figures, or why it could not be measured (a crash is a finding, not the end of the bench). */
export type BenchRow = { store: string; shape: Shape; nodes: number } & (BenchFigures | { error: string })

/**
 * Measures every shape and size against one kind of store, the median of `repeats` runs each
 * (stores on disk are slow enough that one run per case keeps the bench short). `log` hears of
 * each case as it finishes.
 */
export async function measureExecutor(
  storeName: string,
  openStore: StoreFactory,
  repeats: number,
  log: (line: string) => void = () => {},
): Promise<BenchRow[]> {
  const assets = new MemoryAssetStore()
  const rows: BenchRow[] = []
  // One small pass first, so the figures are of optimized code rather than of the JIT warming up.
  await measureOnce(syntheticPipeline('layered', 500), openStore, assets, 'warm-up')
  for (const size of sizes) {
    for (const shape of shapes) {
      const started = performance.now()
      const row = await measureCase(storeName, shape, size, openStore, assets, repeats)
      rows.push(row)
      log(`${storeName} ${shape} ${size}: ${'error' in row ? row.error : 'measured'} (${Math.round(performance.now() - started)} ms)`)
    }
  }
  return rows
}

async function measureCase(
  store: string,
  shape: Shape,
  nodes: number,
  openStore: StoreFactory,
  assets: MemoryAssetStore,
  repeats: number,
): Promise<BenchRow> {
  const doc = syntheticPipeline(shape, nodes)
  const runs = []
  try {
    for (let repeat = 0; repeat < repeats; repeat++) runs.push(await measureOnce(doc, openStore, assets, `${shape}-${nodes}-${repeat}`))
  } catch (error) {
    return { store, shape, nodes, error: error instanceof Error ? error.message : String(error) }
  }
  const plan = median(runs.map((run) => run.planMs))
  const cold = median(runs.map((run) => run.coldMs))
  return {
    store,
    shape,
    nodes,
    planMsPerNode: plan / nodes,
    coldMsPerNode: cold / nodes,
    coldMs: cold,
    cachedMs: median(runs.map((run) => run.cachedMs)),
  }
}

async function measureOnce(doc: PipelineDoc, openStore: StoreFactory, assets: MemoryAssetStore, name: string) {
  const planStart = performance.now()
  const planned = planRun(doc, benchRegistry)
  const planMs = performance.now() - planStart
  if (!planned.ok) throw new Error(`the synthetic ${doc.name} does not plan: ${planned.issues[0]?.message}`)

  const store = await openStore(`reelgraph-bench-${name}`)
  const coldStart = performance.now()
  const cold = await runPipeline(doc, { registry: benchRegistry, results: store.results, assets })
  const coldMs = performance.now() - coldStart
  expectEvery(cold.nodes, 'done', doc.name)

  const reopened = await store.reopen()
  const cachedStart = performance.now()
  const cached = await runPipeline(doc, { registry: benchRegistry, results: reopened.results, assets })
  const cachedMs = performance.now() - cachedStart
  expectEvery(cached.nodes, 'cached', doc.name)
  await reopened.close()
  return { planMs, coldMs, cachedMs }
}

function expectEvery(nodes: Record<string, { status: string }>, status: string, what: string): void {
  const wrong = Object.entries(nodes).find(([, node]) => node.status !== status)
  if (wrong) throw new Error(`${what}: node ${wrong[0]} is ${wrong[1].status}, expected ${status}`)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}
