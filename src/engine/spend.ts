/*
 * What a run would spend, asked before it starts of every node that can spend (its `estimate`, in
 * `defineNode` beside its `run`), on the values the run would give it: cached results, and what
 * pure nodes (a text, a prompt) make from their params, computed by their own `run`. A value that
 * only the run can make is not guessed: the node says its price is not known, and the run asks.
 * The same estimates are asked again as each paid node starts, on its real inputs, and a node that
 * would spend more than was agreed for it stops before it sends anything.
 */
import type { PipelineDoc } from '../graph'
import type { AnyNodeDefinition, AssetAccess, EstimateContext } from './define-node'
import { foreseeRun, type ForeseenCell } from './foresee'
import { itemLabel, runsPerNode } from './items'
import { planRun, type Step } from './plan'
import type { NodeRegistry } from './registry'
import type { RemoteAccess } from './remote'
import { memoizedIn, type ResultStore } from './results'
import type { Value } from './values'

/** What one run of a node would spend, as its `estimate` works it out. */
export type SpendEstimate =
  /** Known to the cent from what the run would send: `usd` is 0 for local work. */
  | { kind: 'priced'; usd: number; provider: string; name: string; /** How many paid pieces: takes, upscales, sounds. */ units: number; unit: string; basis: string; approval?: SpendApproval }
  /** Depends on something only the run makes (a clip not made yet): the run asks, and stops before this node to ask again. */
  | { kind: 'unpriced'; provider: string; name: string; why: string; approval?: SpendApproval }
  /** The node would refuse before sending anything (no key, a request the provider cannot make): nothing to ask for. */
  | { kind: 'cannot-run'; provider: string; name: string; why: string }

/**
 * Something sent that the person should see before it goes, once: a ComfyUI workflow from someone
 * else, with the node classes it would make their ComfyUI run. Remembered by `id` once agreed.
 */
export interface SpendApproval {
  id: string
  title: string
  details: string[]
}

export interface NodeSpend {
  nodeId: string
  label: string
  /** What the run would spend on it: on every item not in the cache, for a node that runs per item. */
  estimate: SpendEstimate
  /** A per-item node's items (shots), by item key in item order, when they are known before the run; a cached one has no estimate: it is free. */
  items?: ItemSpend[]
}

/** One item of a per-item node, as the estimate sees it. */
export interface ItemSpend {
  /** Its key as people read it (`itemLabel`): a shot's id, or its position from 1. */
  item: string
  /** Absent when its result is in the cache. */
  estimate?: SpendEstimate
}

export interface SpendPlan {
  /** Every node that would run (not cached) and has an estimate. */
  nodes: NodeSpend[]
  /** The priced nodes' total, in US dollars. */
  totalUsd: number
}

export interface SpendDeps {
  registry: NodeRegistry
  results: Pick<ResultStore, 'getMany'>
  assets: Pick<AssetAccess, 'get'>
  remote: Pick<RemoteAccess, 'key'>
}

/** Priced nodes are agreed at their price; an unpriced one at nothing, so it stops and asks once it is known. */
export function allowanceOf(plan: SpendPlan): Map<string, number> {
  return new Map(plan.nodes.map((entry) => [entry.nodeId, entry.estimate.kind === 'priced' ? entry.estimate.usd : 0]))
}

/** The nodes whose price is not known before the run. */
export function unpricedOf(plan: SpendPlan): NodeSpend[] {
  return plan.nodes.filter((entry) => entry.estimate.kind === 'unpriced')
}

/**
 * What a run of `doc` (or of `target` and what feeds it) would spend. Where the whole document
 * cannot be planned (its run is refused until a node is fixed), each branch that can be is counted:
 * fixing the one node must not make the rest spend unannounced. An item of a per-item node whose
 * result is already cached costs nothing; one whose key cannot be known before the run counts as
 * not cached, so the estimate is never less than the run can spend.
 */
export async function estimateSpend(doc: PipelineDoc, deps: SpendDeps, options: { target?: string } = {}): Promise<SpendPlan> {
  const steps = plannedSteps(doc, deps.registry, options.target)
  const foreseen = await foreseeRun(steps, deps)
  const nodes: NodeSpend[] = []
  const ctx: EstimateContext = { assets: deps.assets, remote: deps.remote }
  // A node that runs per item pays for every item: when its items are not known before the run, its
  // estimate for one counts once per item the params say there will be (README, "Lists").
  const runs = runsPerNode(doc, deps.registry)
  for (const step of steps) {
    const { definition } = step
    if (!definition.estimate) continue
    const label = step.node.label ?? step.node.id
    const cells = foreseen.get(step.node.id)
    if (!cells) {
      const estimate = await estimateOf(definition, { ...inputsOf(step, foreseen), params: step.params, ctx })
      nodes.push({ nodeId: step.node.id, label, estimate: timesRuns(estimate, runs.get(step.node.id) ?? 1) })
      continue
    }
    const items: ItemSpend[] = []
    const toRun: SpendEstimate[] = []
    for (const cell of cells) {
      // Parts of its work already in the cache (takes made before) are free, where its input keys are known.
      const cellCtx = cell.key === undefined ? ctx : { ...ctx, memoized: memoizedIn(deps.results, step, cell.inputKeys) }
      const asked = cell.cached ? undefined : await estimateOf(definition, { inputs: cell.inputs, pending: cell.pending, params: cell.params, ctx: cellCtx })
      // Every paid piece of it in the cache: free, as a cached item is.
      const estimate = asked && !(asked.kind === 'priced' && asked.units === 0 && asked.usd === 0) ? asked : undefined
      if (estimate) toRun.push(estimate)
      items.push({ item: itemLabel(cell.path), ...(estimate ? { estimate } : {}) })
    }
    // Every item in the cache: the run pays nothing for the node.
    if (toRun.length === 0) continue
    const estimate = step.depth === 0 && toRun.length === 1 ? (toRun[0] as SpendEstimate) : summed(toRun)
    nodes.push({ nodeId: step.node.id, label, estimate, ...(step.depth > 0 ? { items } : {}) })
  }
  const totalUsd = nodes.reduce((sum, entry) => sum + (entry.estimate.kind === 'priced' ? entry.estimate.usd : 0), 0)
  return { nodes, totalUsd }
}

/** Items' estimates as the node's one: priced when every item is, summed; else the first that is not. */
function summed(estimates: SpendEstimate[]): SpendEstimate {
  const notPriced = estimates.find((estimate) => estimate.kind === 'cannot-run') ?? estimates.find((estimate) => estimate.kind === 'unpriced')
  if (notPriced) return notPriced
  const priced = estimates.filter((estimate): estimate is Extract<SpendEstimate, { kind: 'priced' }> => estimate.kind === 'priced')
  const first = priced[0]
  if (!first) return { kind: 'priced', usd: 0, provider: 'local', name: 'nothing', units: 0, unit: 'run', basis: 'no items' }
  const usd = priced.reduce((sum, estimate) => sum + estimate.usd, 0)
  const units = priced.reduce((sum, estimate) => sum + estimate.units, 0)
  return { ...first, usd, units, basis: priced.length === 1 ? first.basis : `${priced.length} items: ${first.basis} each, as priced per item` }
}

/** One run's estimate for `count` runs of the node (its items); the run checks each item against it as it goes. */
function timesRuns(estimate: SpendEstimate, count: number): SpendEstimate {
  if (estimate.kind !== 'priced' || count === 1) return estimate
  return { ...estimate, usd: estimate.usd * count, units: estimate.units * count, basis: `${estimate.basis}, × ${count} items` }
}

/** The steps a run would take, or those of every branch that can be planned on its own. */
function plannedSteps(doc: PipelineDoc, registry: NodeRegistry, target: string | undefined): Step[] {
  const whole = planRun(doc, registry, target)
  if (whole.ok) return whole.plan.steps
  const readFrom = new Set(doc.edges.map((edge) => edge.from.node))
  const ends = target !== undefined ? [] : doc.nodes.filter((node) => !readFrom.has(node.id))
  const steps = new Map<string, Step>()
  for (const end of ends) {
    const branch = planRun(doc, registry, end.id)
    if (!branch.ok) continue
    for (const step of branch.plan.steps) if (!steps.has(step.node.id)) steps.set(step.node.id, step)
  }
  return [...steps.values()]
}

/** A node's estimate; one that throws is a price not known, said with its reason. */
export async function estimateOf(definition: AnyNodeDefinition, args: Parameters<NonNullable<AnyNodeDefinition['estimate']>>[0]): Promise<SpendEstimate> {
  const estimate = definition.estimate
  if (!estimate) return { kind: 'priced', usd: 0, provider: 'local', name: definition.title, units: 0, unit: 'run', basis: 'nothing paid' }
  try {
    return await estimate(args)
  } catch (error) {
    return { kind: 'unpriced', provider: definition.type, name: definition.title, why: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * The inputs of a node whose items are not known before the run: what whole values reach it, the
 * rest `pending` (the estimate prices one item and counts them).
 */
function inputsOf(step: Step, foreseen: ReadonlyMap<string, ForeseenCell[]>): { inputs: Record<string, Value | undefined>; pending: Set<string> } {
  const inputs: Record<string, Value | undefined> = {}
  const pending = new Set<string>()
  for (const [name, spec] of Object.entries(step.definition.inputs)) {
    const sources = step.inputs[name] ?? []
    const outputs = sources.map((source) => (source.reach === 'whole' && source.depth === 0 ? foreseen.get(source.node)?.[0]?.outputs : undefined))
    if (outputs.some((made) => made === undefined)) {
      pending.add(name)
      inputs[name] = undefined
      continue
    }
    const values = sources.map((source, i) => outputs[i]?.[source.port] as Value)
    inputs[name] = spec.type.endsWith('[]') ? values.flatMap((value) => (Array.isArray(value) ? value : [value])) : values[0]
  }
  return { inputs, pending }
}

/** Dollars as the person deciding whether to run reads them. */
export function formatUsd(amount: number): string {
  return `$${amount.toFixed(2)}`
}
