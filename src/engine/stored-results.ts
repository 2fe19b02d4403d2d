import type { PipelineDoc } from '../graph'
import type { NodeEvent } from './events'
import { runPipeline, type ExecutorDeps } from './run'
import type { Outputs } from './values'

/** What the cache holds for one node: its outputs, and for a node that runs per item, each item's. */
export interface StoredResult {
  /** The node's outputs; for a per-item node only when every item is stored (a partial list would mislead). */
  outputs?: Outputs
  /** A per-item node's items in item order, each with its stored outputs when it has them. */
  items?: { key: string; outputs?: Outputs }[]
}

/**
 * What the cache holds for every node of `doc`, worked out as a run would (a per-item node's items
 * are known only from the stored list above it) but running nothing. When the whole pipeline cannot
 * be planned (an input left unlinked somewhere), each end of it is read on its own, so the branches
 * that are fine still show their results. Node ids as the run reports them: a component's inner
 * nodes as `instance/inner`, and the instance with the outputs they feed it.
 */
export async function storedResults(doc: PipelineDoc, deps: Pick<ExecutorDeps, 'registry' | 'results' | 'assets'>): Promise<Map<string, StoredResult>> {
  const found = new Map<string, StoredResult>()
  const itemKeys = new Map<string, string[]>()
  const itemOutputs = new Map<string, Map<string, Outputs>>()
  const onEvent = (event: NodeEvent) => {
    if (event.status === 'cached') found.set(event.nodeId, { outputs: event.outputs })
    else if (event.status === 'items') itemKeys.set(event.nodeId, event.items)
    else if (event.status === 'item' && event.state === 'cached' && event.outputs) {
      const byKey = itemOutputs.get(event.nodeId) ?? new Map<string, Outputs>()
      byKey.set(event.item, event.outputs)
      itemOutputs.set(event.nodeId, byKey)
    }
  }
  const whole = await runPipeline(doc, deps, { cachedOnly: true, onEvent })
  if (whole.status === 'refused') {
    const readFrom = new Set(doc.edges.map((edge) => edge.from.node))
    for (const end of doc.nodes.filter((node) => !readFrom.has(node.id))) await runPipeline(doc, deps, { cachedOnly: true, target: end.id, onEvent })
  }
  for (const [nodeId, keys] of itemKeys) {
    const byKey = itemOutputs.get(nodeId)
    if (!byKey || byKey.size === 0) continue
    const items = keys.map((key) => ({ key, ...(byKey.has(key) ? { outputs: byKey.get(key) as Outputs } : {}) }))
    const whole = found.get(nodeId)
    found.set(nodeId, { ...(whole && byKey.size === keys.length ? { outputs: whole.outputs } : {}), items })
  }
  return found
}
