import { ownValue, type PipelineDoc } from '../graph'
import { canonicalJson } from './cache-key'
import { planRun, type Step } from './plan'
import type { NodeRegistry } from './registry'
import { sha256Hex } from './sha256'
import { isAssetRef, type Value } from './values'

/**
 * The keys of a list's items: the item's own id where it has one (an asset's content hash, an `id`
 * field), else its position from 1. A key that repeats gets `~2`, `~3`… so each item keeps its own.
 */
export function itemKeys(list: readonly Value[]): string[] {
  const seen = new Map<string, number>()
  return list.map((item, index) => {
    const own = ownId(item) ?? String(index + 1)
    const count = (seen.get(own) ?? 0) + 1
    seen.set(own, count)
    return count === 1 ? own : `${own}~${count}`
  })
}

function ownId(item: Value): string | undefined {
  if (isAssetRef(item)) return item.hash
  if (typeof item === 'object' && !Array.isArray(item) && 'id' in item && typeof item.id === 'string' && item.id !== '') return item.id
  return undefined
}

/**
 * What an item stands for in the cache keys below it: its content, not its place, so inserting,
 * removing or reordering items leaves every other item's key as it was.
 */
export function itemValueKey(item: Value): string {
  return `item:${sha256Hex(canonicalJson(item))}`
}

/** An item's path (its key in each list, outermost first) as one map key. */
export function pathId(path: readonly string[]): string {
  return path.join('\u0000')
}

/** An item's path as people read it: `4`, or `4 / 2` for the second item of item 4's own list. */
export function itemLabel(path: readonly string[]): string {
  return path.join(' / ')
}

/**
 * How many times each node will run: once, or once per item for a node that runs per item, as far
 * as the params say how long the lists are (`listSizes`; a list they do not size counts as one
 * item). Cost estimates multiply a node's price by this, in one place. Empty when the graph cannot
 * be planned.
 */
export function runsPerNode(doc: PipelineDoc, registry: NodeRegistry): Map<string, number> {
  const planned = planRun(doc, registry)
  const runs = new Map<string, number>()
  if (!planned.ok) return runs
  // Each step's list sizes, outermost first: one per level it runs at.
  const sizes = new Map<string, number[]>()
  const steps = new Map(planned.plan.steps.map((step) => [step.node.id, step]))
  for (const step of planned.plan.steps) {
    let levels: number[] = []
    for (const name of Object.keys(step.definition.inputs)) {
      const source = ownValue(step.inputs, name)?.find((candidate) => candidate.depth === step.depth)
      if (!source || step.depth === 0) continue
      const from = sizes.get(source.node) ?? []
      if (source.reach === 'whole') levels = from
      else if (source.reach === 'gather') levels = from.slice(0, -1)
      else levels = [...from, listSize(steps.get(source.node), source.port)]
      break
    }
    sizes.set(step.node.id, levels)
    runs.set(step.node.id, levels.reduce((product, size) => product * size, 1))
  }
  return runs
}

function listSize(step: Step | undefined, port: string): number {
  const sizes = step?.definition.listSizes?.(step.params)
  const size = sizes && ownValue(sizes, port)
  return size === undefined ? 1 : size
}
