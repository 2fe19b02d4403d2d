/*
 * What a run would spend, as the person deciding whether to run reads it: the nodes' own estimates
 * (`estimate` in each node's definition, asked by `estimateSpend` on the values the run would give
 * them), gathered by back end. Nothing here knows a node type.
 */
import { allowanceOf, estimateSpend, formatUsd, type NodeRegistry, type NodeSpend, type SpendApproval, type SpendDeps, type SpendPlan } from '../engine'
import type { PipelineDoc } from '../graph'

/** One back end a run would call, with what it would ask of it. */
export interface ProviderCall {
  provider: string
  /** As the filmmaker knows it. */
  name: string
  nodes: number
  /** Paid pieces (takes, upscales, sounds), and what one is called. */
  units: number
  unit: string
  /** In USD, for every piece of every node; undefined when some node's price is known only during the run. */
  estimatedUsd?: number
}

/** One shot (an item of the nodes that run per item) and what the run would spend on it. */
export interface ShotSpend {
  /** The item's key as people read it: a shot's id, or its position from 1. */
  item: string
  /** In USD for what is not cached; undefined when some of it is priced only during the run. */
  estimatedUsd?: number
  /** Paid pieces not cached (takes, upscales, sounds), and what one is called. */
  units: number
  unit: string
  /** Per-item paid nodes whose result for this shot is in the cache already: free. */
  cached: number
  /** Per-item paid nodes that would run for it. */
  running: number
}

/** A run's spending as the editor asks about it and shows it. */
export interface SpendSummary {
  /** Every node that would run and has an estimate, with it. */
  nodes: NodeSpend[]
  /** The back ends it would pay or use; nodes that cannot run (no key, say) are left out: they send nothing. */
  calls: ProviderCall[]
  /** By shot, in item order, for the nodes that run per item and whose items are known before the run. */
  shots: ShotSpend[]
  /** The priced nodes' total. */
  totalUsd: number
  /** Nodes whose price is known only once the run has made their inputs: a run asks for them and stops before each to ask again. */
  unpriced: NodeSpend[]
  /** What would be sent that the person has not agreed to yet. */
  approvals: SpendApproval[]
  /** What each node may spend, once agreed to. */
  allowance: Record<string, number>
}

/** What a run of `doc` (or of `target` and what feeds it) would spend, with what is already agreed to. */
export async function spendSummary(doc: PipelineDoc, deps: SpendDeps, options: { target?: string; approved?: ReadonlySet<string> } = {}): Promise<SpendSummary> {
  const plan = await estimateSpend(doc, deps, options.target !== undefined ? { target: options.target } : {})
  return summaryOf(plan, options.approved ?? new Set())
}

export function summaryOf(plan: SpendPlan, approved: ReadonlySet<string>): SpendSummary {
  const calls = new Map<string, ProviderCall>()
  const approvals = new Map<string, SpendApproval>()
  for (const { estimate } of plan.nodes) {
    if (estimate.kind === 'cannot-run') continue
    if (estimate.approval && !approved.has(estimate.approval.id)) approvals.set(estimate.approval.id, estimate.approval)
    const call = calls.get(estimate.provider) ?? { provider: estimate.provider, name: estimate.name, nodes: 0, units: 0, unit: 'take', estimatedUsd: 0 }
    call.nodes += 1
    if (estimate.kind === 'priced') {
      call.units += estimate.units
      call.unit = estimate.unit
      if (call.estimatedUsd !== undefined) call.estimatedUsd += estimate.usd
    } else {
      delete call.estimatedUsd
    }
    calls.set(estimate.provider, call)
  }
  return {
    nodes: plan.nodes,
    calls: [...calls.values()],
    shots: shotsOf(plan),
    totalUsd: plan.totalUsd,
    unpriced: plan.nodes.filter((entry) => entry.estimate.kind === 'unpriced'),
    approvals: [...approvals.values()],
    allowance: Object.fromEntries(allowanceOf(plan)),
  }
}

/** What each shot would cost, over every per-item node whose items are known; a cached item counts as free. */
export function shotsOf(plan: SpendPlan): ShotSpend[] {
  const shots = new Map<string, ShotSpend>()
  for (const entry of plan.nodes) {
    if (entry.estimate.kind === 'cannot-run') continue
    for (const { item, estimate } of entry.items ?? []) {
      const shot = shots.get(item) ?? { item, estimatedUsd: 0, units: 0, unit: 'take', cached: 0, running: 0 }
      shots.set(item, shot)
      if (!estimate) {
        shot.cached += 1
        continue
      }
      if (estimate.kind === 'cannot-run') continue
      shot.running += 1
      if (estimate.kind === 'unpriced') {
        delete shot.estimatedUsd
        continue
      }
      shot.units += estimate.units
      shot.unit = estimate.unit
      if (shot.estimatedUsd !== undefined) shot.estimatedUsd += estimate.usd
    }
  }
  return [...shots.values()]
}

/** Whether a run must ask before it starts: more than the limit, a price not known before it, or something to agree to. */
export function mustAsk(summary: SpendSummary, limitUsd: number): boolean {
  return summary.totalUsd > limitUsd || summary.unpriced.length > 0 || summary.approvals.length > 0
}

/** What a pipeline's budget has left before a run: its cap less what its runs have spent. */
export interface BudgetLeft {
  capUsd: number
  spentUsd: number
}

/**
 * Why a run may not start under the pipeline's budget, in the words the run bar shows, or undefined
 * when its estimate fits in what is left. A hundredth of a cent covers the sums' rounding.
 */
export function budgetRefusal(estimatedUsd: number, budget: BudgetLeft | undefined): string | undefined {
  if (!budget) return undefined
  const left = Math.max(0, budget.capUsd - budget.spentUsd)
  if (estimatedUsd <= left + 1e-4) return undefined
  return `This run could spend ${formatUsd(estimatedUsd)}; the budget has ${formatUsd(left)} left — ${formatUsd(estimatedUsd - left)} over`
}

/** A registry-only estimate, for a document not opened yet (a shared link): nothing cached, no media, no keys looked up. */
export function unopenedSpendDeps(registry: NodeRegistry): SpendDeps {
  return {
    registry,
    results: { getMany: async (keys) => keys.map(() => undefined) },
    assets: { get: async () => Promise.reject(new Error('the media of a pipeline not opened yet are not read')) },
    // Keys are not looked up for a document not opened yet: every paid node is priced as if it had one.
    remote: { key: async () => 'not looked up' },
  }
}
