/**
 * Lists (README, "Lists"): what running per item adds. A 200-item list through a 4-node chain of
 * trivial nodes, each node running once per item, beside the same 800 runs as 800 plain nodes in
 * a chain. Both measured the same way: planning, a run with an empty cache, and a re-run from a
 * freshly opened store with everything cached.
 */
import { z } from 'zod'
import { defineNode, MemoryAssetStore, NodeRegistry, planRun, port, runPipeline } from '../src/engine'
import type { PipelineDoc, PipelineEdge, PipelineNode } from '../src/graph'
import { benchRegistry, syntheticPipeline, type StoreFactory } from './synthetic'

export const LIST_ITEMS = 200
export const CHAIN_NODES = 4

const numbers = defineNode({
  type: 'bench-list',
  version: 1,
  title: 'Numbers',
  category: 'Bench',
  inputs: {},
  outputs: { values: port.list('number') },
  params: z.object({ count: z.number().int().min(0) }),
  async run({ params }) {
    return { values: Array.from({ length: params.count }, (_, i) => i) }
  },
})

const registry = new NodeRegistry([...benchRegistry.list(), numbers])

/** numbers → add → add → add → add, each add running once per number. */
export function listPipeline(items: number, chainNodes: number): PipelineDoc {
  const nodes: PipelineNode[] = [{ id: 'list', type: 'bench-list', typeVersion: 1, position: { x: 0, y: 0 }, params: { count: items } }]
  const edges: PipelineEdge[] = []
  for (let i = 0; i < chainNodes; i++) {
    const from = i === 0 ? { node: 'list', port: 'values' } : { node: `step${i - 1}`, port: 'value' }
    nodes.push({ id: `step${i}`, type: 'bench-mix', typeVersion: 1, position: { x: (i + 1) * 200, y: 0 }, params: { plus: i } })
    edges.push({ id: `e${i}`, from, to: { node: `step${i}`, port: 'a' } })
  }
  return { format: 'reelgraph', version: 1, id: 'bench-list', name: `${items} items through ${chainNodes} nodes`, description: '', nodes, edges }
}

export interface ListBenchRow {
  store: string
  items: number
  chainNodes: number
  /** Per item run (one node for one item): planning, a cold run, a cached re-run. */
  planMsPerItem: number
  coldMsPerItem: number
  cachedMsPerItem: number
  /** The same number of runs as plain nodes in a chain, per node. */
  planMsPerNode: number
  coldMsPerNode: number
  cachedMsPerNode: number
}

/** The median of `repeats` measurements of each, after one pass to warm the JIT. */
export async function measureLists(storeName: string, openStore: StoreFactory, repeats: number): Promise<ListBenchRow> {
  const assets = new MemoryAssetStore()
  const listDoc = listPipeline(LIST_ITEMS, CHAIN_NODES)
  const runs = LIST_ITEMS * CHAIN_NODES
  const plainDoc = syntheticPipeline('chain', runs)
  await measureOnce(listDoc, registry, openStore, assets, 'lists-warm-up')
  const listed = []
  const plain = []
  for (let repeat = 0; repeat < repeats; repeat++) {
    listed.push(await measureOnce(listDoc, registry, openStore, assets, `lists-${repeat}`))
    plain.push(await measureOnce(plainDoc, registry, openStore, assets, `lists-plain-${repeat}`))
  }
  const per = (samples: Measured[], field: keyof Measured) => median(samples.map((sample) => sample[field])) / runs
  return {
    store: storeName,
    items: LIST_ITEMS,
    chainNodes: CHAIN_NODES,
    planMsPerItem: per(listed, 'planMs'),
    coldMsPerItem: per(listed, 'coldMs'),
    cachedMsPerItem: per(listed, 'cachedMs'),
    planMsPerNode: per(plain, 'planMs'),
    coldMsPerNode: per(plain, 'coldMs'),
    cachedMsPerNode: per(plain, 'cachedMs'),
  }
}

interface Measured {
  planMs: number
  coldMs: number
  cachedMs: number
}

/**
 * Planning a list pipeline works out its shape; each item's key is worked out as the run reaches
 * it, so a per-item node's share of "planning" is inside the run figures.
 */
async function measureOnce(doc: PipelineDoc, nodes: NodeRegistry, openStore: StoreFactory, assets: MemoryAssetStore, name: string): Promise<Measured> {
  const planStart = performance.now()
  const planned = planRun(doc, nodes)
  const planMs = performance.now() - planStart
  if (!planned.ok) throw new Error(`${doc.name} does not plan: ${planned.issues[0]?.message}`)
  const store = await openStore(`reelgraph-bench-${name}`)
  const coldStart = performance.now()
  const cold = await runPipeline(doc, { registry: nodes, results: store.results, assets })
  const coldMs = performance.now() - coldStart
  if (cold.status !== 'done') throw new Error(`${doc.name}: the cold run ended ${cold.status}`)
  const reopened = await store.reopen()
  const cachedStart = performance.now()
  const cached = await runPipeline(doc, { registry: nodes, results: reopened.results, assets })
  const cachedMs = performance.now() - cachedStart
  const notCached = Object.entries(cached.nodes).find(([, node]) => node.status !== 'cached')
  if (notCached) throw new Error(`${doc.name}: ${notCached[0]} was ${notCached[1].status} on the re-run, expected cached`)
  await reopened.close()
  return { planMs, coldMs, cachedMs }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}
