/*
 * The results a run will have, worked out before it as far as they can be: which items each step
 * runs for, their cache keys, and which are cached already. Cells are worked out by the executor's
 * own `stepCells` (`item-cells.ts`), over what is known before the run: cached results, and what
 * pure nodes make from their params (docs/architecture.md, "The node contract"). A key is known
 * when every key it is made from is, even when the values are not (the takes of a shot not
 * generated yet still have keys, so their grade's key is known too).
 */
import type { InputKey } from './cache-key'
import type { AssetAccess, RunContext } from './define-node'
import { stepCells, type KnownCells, type StepCell } from './item-cells'
import type { Step } from './plan'
import { offlineAccess } from './remote'
import type { ResultStore } from './results'
import type { Outputs, Value } from './values'

/** One result of a step (its own, or one item's) as the run will have it. */
export interface ForeseenCell {
  /** The item's key in each list, outermost first; empty for a step that runs once. */
  path: readonly string[]
  /** Its cache key, when every key it is made from is known. */
  key?: string
  /** True when its result is in the cache: the run takes it from there. */
  cached: boolean
  /** Its outputs: cached, or made ahead by a pure node. */
  outputs?: Outputs
  /** The params it runs with (an item's own, for a node that keeps a choice per item). */
  params: Record<string, unknown>
  /** Its input values as the run will give them; those not known before the run are undefined and named in `pending`. */
  inputs: Record<string, Value | undefined>
  /** The keys of its inputs; complete when `key` is there. */
  inputKeys: Record<string, InputKey>
  pending: ReadonlySet<string>
}

export interface ForeseeDeps {
  results: Pick<ResultStore, 'getMany'>
  assets: Pick<AssetAccess, 'get'>
}

/**
 * Each step's cells, in plan order. A step is missing when which items it runs for is not known
 * before the run (a list only the run makes), and so is everything that runs per item of it.
 */
export async function foreseeRun(steps: readonly Step[], deps: ForeseeDeps): Promise<Map<string, ForeseenCell[]>> {
  const foreseen = new Map<string, ForeseenCell[]>()
  const known: KnownCells = (nodeId) => foreseen.get(nodeId)
  // The steps whose keys the plan knows are looked up together, as the run does.
  const fixed = steps.filter((step) => !step.dynamic)
  const fixedHits = await deps.results.getMany(fixed.map((step) => step.cacheKey))
  const stored = new Map(fixed.map((step, i) => [step.cacheKey, fixedHits[i]]))
  for (const step of steps) {
    const prepared = stepCells(step, known)
    if (!prepared) continue
    const unread = [...new Set(prepared.flatMap((cell) => (cell.key !== undefined && !stored.has(cell.key) ? [cell.key] : [])))]
    const hits = await deps.results.getMany(unread)
    unread.forEach((key, i) => stored.set(key, hits[i]))
    const cells: ForeseenCell[] = []
    for (const cell of prepared) {
      const hit = cell.key === undefined ? undefined : stored.get(cell.key)
      if (hit) {
        cells.push({ ...foreseenOf(step, cell), cached: true, outputs: hit })
        continue
      }
      const made = step.definition.pure && cell.pending.size === 0 && cell.because === undefined ? await runPure(step, cell, deps.assets) : undefined
      cells.push({ ...foreseenOf(step, cell), cached: false, ...(made ? { outputs: made } : {}) })
    }
    foreseen.set(step.node.id, cells)
  }
  return foreseen
}

/** A cell as the estimate reads it: one that will not run has every input pending (nothing about it is known). */
function foreseenOf(step: Step, cell: StepCell): Omit<ForeseenCell, 'cached' | 'outputs'> {
  const { path, params, inputs, inputKeys, key } = cell
  const pending = cell.because === undefined ? cell.pending : new Set(Object.keys(step.definition.inputs))
  return { path, params, inputs, inputKeys, pending, ...(key !== undefined ? { key } : {}) }
}

/** A pure node's outputs, made by its own `run` with a context that can read media but not write or pay; undefined when it fails. */
async function runPure(step: Step, cell: StepCell, assets: Pick<AssetAccess, 'get'>): Promise<Outputs | undefined> {
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
    return await step.definition.run({ inputs: cell.inputs, params: cell.params, ctx })
  } catch {
    return undefined
  }
}
