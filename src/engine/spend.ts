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
import { planRun, type Step } from './plan'
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
  const nodes: NodeSpend[] = []
  const ctx: EstimateContext = { assets: deps.assets, remote: deps.remote }
  for (const [i, step] of steps.entries()) {
    const cached = stored[i]
    if (cached) {
      known.set(step.node.id, cached)
      continue
    }
    const { inputs, pending } = inputsOf(step, known)
    const { definition } = step
    if (definition.estimate) {
      nodes.push({ nodeId: step.node.id, label: step.node.label ?? step.node.id, estimate: await estimateOf(definition, { inputs, pending, params: step.params, ctx }) })
    } else if (definition.pure && pending.size === 0) {
      const outputs = await runPure(definition, step, inputs, deps.assets)
      if (outputs) known.set(step.node.id, outputs)
    }
  }
  const totalUsd = nodes.reduce((sum, entry) => sum + (entry.estimate.kind === 'priced' ? entry.estimate.usd : 0), 0)
  return { nodes, totalUsd }
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
