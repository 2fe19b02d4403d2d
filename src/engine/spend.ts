/*
 * What a run would spend, asked before it starts of every node that can spend (its `estimate`, in
 * `defineNode` beside its `run`), on the values the run would give it: cached results, and what
 * pure nodes (a text, a prompt) make from their params, computed by their own `run`. A value that
 * only the run can make is not guessed: the node says its price is not known, and the run asks.
 * The same estimates are asked again as each paid node starts, on its real inputs, and a node that
 * would spend more than was agreed for it stops before it sends anything.
 */
import type { PipelineDoc } from '../graph'
import type { AnyNodeDefinition, AssetAccess, EstimateContext, RunContext } from './define-node'
import { runsPerNode } from './items'
import { planRun, type InputSource, type Step } from './plan'
import type { NodeRegistry } from './registry'
import { offlineAccess, type RemoteAccess } from './remote'
import type { ResultStore } from './results'
import type { Outputs, Value } from './values'

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
  estimate: SpendEstimate
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
 * fixing the one node must not make the rest spend unannounced.
 */
export async function estimateSpend(doc: PipelineDoc, deps: SpendDeps, options: { target?: string } = {}): Promise<SpendPlan> {
  const steps = plannedSteps(doc, deps.registry, options.target)
  const stored = await deps.results.getMany(steps.map((step) => step.cacheKey))
  const known = new Map<string, Outputs>()
  /** The outputs of a node that runs once per item, item by item, when the estimate could make them. */
  const knownItems = new Map<string, Outputs[]>()
  const nodes: NodeSpend[] = []
  const ctx: EstimateContext = { assets: deps.assets, remote: deps.remote }
  // A node that runs per item pays for every item: its estimate counts once per run (README, "Lists").
  const runs = runsPerNode(doc, deps.registry)
  for (const [i, step] of steps.entries()) {
    const cached = stored[i]
    if (cached) {
      known.set(step.node.id, cached)
      continue
    }
    const { definition } = step
    const items = step.depth === 1 ? itemInputsOf(step, known, knownItems) : undefined
    if (items) {
      // Each item priced on its own values, as the run will send it; a pure node made item by item.
      if (definition.estimate) {
        const estimates = await Promise.all(items.map((itemInputs) => estimateOf(definition, { inputs: itemInputs, pending: new Set(), params: step.params, ctx })))
        nodes.push({ nodeId: step.node.id, label: step.node.label ?? step.node.id, estimate: summed(estimates) })
      } else if (definition.pure) {
        const made = await Promise.all(items.map((itemInputs) => runPure(definition, step, itemInputs, deps.assets)))
        if (made.every((outputs): outputs is Outputs => outputs !== undefined)) knownItems.set(step.node.id, made)
      }
      continue
    }
    const { inputs, pending } = inputsOf(step, known)
    if (definition.estimate) {
      const estimate = await estimateOf(definition, { inputs, pending, params: step.params, ctx })
      nodes.push({ nodeId: step.node.id, label: step.node.label ?? step.node.id, estimate: timesRuns(estimate, runs.get(step.node.id) ?? 1) })
    } else if (definition.pure && pending.size === 0 && step.depth === 0) {
      const outputs = await runPure(definition, step, inputs, deps.assets)
      if (outputs) known.set(step.node.id, outputs)
    }
  }
  const totalUsd = nodes.reduce((sum, entry) => sum + (entry.estimate.kind === 'priced' ? entry.estimate.usd : 0), 0)
  return { nodes, totalUsd }
}

/**
 * The inputs of each item of a node one list deep, when every value it takes is known before the
 * run: an item of a list a node made whole, or the same item of a node that ran per item; undefined
 * when any is not (then the estimate prices one item and counts them).
 */
function itemInputsOf(step: Step, known: ReadonlyMap<string, Outputs>, knownItems: ReadonlyMap<string, Outputs[]>): Record<string, Value | undefined>[] | undefined {
  const perInput: { name: string; list: boolean; values: (index: number) => Value | undefined }[] = []
  let count: number | undefined
  for (const [name, spec] of Object.entries(step.definition.inputs)) {
    const sources = step.inputs[name] ?? []
    if (sources.length === 0) {
      perInput.push({ name, list: false, values: () => undefined })
      continue
    }
    if (sources.length > 1) return undefined
    const source = sources[0] as InputSource
    const list = spec.type.endsWith('[]')
    if (source.reach === 'map' && source.depth === 1) {
      const whole = known.get(source.node)?.[source.port]
      if (!Array.isArray(whole)) return undefined
      if (count !== undefined && count !== whole.length) return undefined
      count = whole.length
      perInput.push({ name, list, values: (index) => whole[index] })
    } else if (source.reach === 'whole' && source.depth === 1) {
      const made = knownItems.get(source.node)
      if (!made) return undefined
      if (count !== undefined && count !== made.length) return undefined
      count = made.length
      perInput.push({ name, list, values: (index) => made[index]?.[source.port] })
    } else if (source.reach === 'whole' && source.depth === 0 && known.has(source.node)) {
      const value = known.get(source.node)?.[source.port]
      perInput.push({ name, list, values: () => value })
    } else {
      return undefined
    }
  }
  if (count === undefined) return undefined
  return Array.from({ length: count }, (_, index) => {
    const inputs: Record<string, Value | undefined> = {}
    for (const { name, list, values } of perInput) {
      const value = values(index)
      inputs[name] = list && value !== undefined && !Array.isArray(value) ? [value] : value
    }
    return inputs
  })
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
 * A step's input values from the outputs known so far, as the executor gathers them; the inputs
 * fed by a node whose outputs are not known are `pending`.
 */
export function inputsOf(step: Step, outputs: ReadonlyMap<string, Outputs>): { inputs: Record<string, Value | undefined>; pending: Set<string> } {
  const inputs: Record<string, Value | undefined> = {}
  const pending = new Set<string>()
  for (const [name, spec] of Object.entries(step.definition.inputs)) {
    const sources = step.inputs[name] ?? []
    // An item's value is known only in the run: the estimate prices one item and counts the items.
    if (sources.some((source) => source.reach !== 'whole' || source.depth > 0)) {
      pending.add(name)
      inputs[name] = undefined
      continue
    }
    if (sources.some((source) => !outputs.has(source.node))) pending.add(name)
    const values = sources.filter((source) => outputs.has(source.node)).map((source) => outputs.get(source.node)?.[source.port] as Value)
    if (spec.type.endsWith('[]')) inputs[name] = values.flatMap((value) => (Array.isArray(value) ? value : [value]))
    else inputs[name] = values[0]
  }
  return { inputs, pending }
}

/** A pure node's outputs, made by its own `run` with a context that can read media but not write or pay; undefined when it fails. */
async function runPure(definition: AnyNodeDefinition, step: Step, inputs: Record<string, Value | undefined>, assets: Pick<AssetAccess, 'get'>): Promise<Outputs | undefined> {
  const refuse = (what: string) => () => Promise.reject(new Error(`a pure node cannot ${what}`))
  const ctx: RunContext = {
    nodeId: step.node.id,
    signal: new AbortController().signal,
    progress: () => {},
    log: () => {},
    assets: { get: (ref) => assets.get(ref), put: refuse('store media'), pin: refuse('pin media') },
    memo: refuse('cache parts'),
    remote: offlineAccess(),
    spend: () => {
      throw new Error('a pure node cannot spend')
    },
  }
  try {
    return await definition.run({ inputs, params: step.params, ctx })
  } catch {
    return undefined
  }
}

/** Dollars as the person deciding whether to run reads them. */
export function formatUsd(amount: number): string {
  return `$${amount.toFixed(2)}`
}
