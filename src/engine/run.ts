import { emptyRecord, ownValue, type PipelineDoc } from '../graph'
import { canonicalJson, partKey, type InputKey } from './cache-key'
import { resourcesFor, type AssetAccess, type ProgressPiece, type RunContext } from './define-node'
import type { ItemRunRecord, NodeEvent, NodeRunRecord, RunRecord } from './events'
import { instanceEvents } from './instance-events'
import { keysAhead, stepCells, type KnownCells, type StepCell } from './item-cells'
import { itemLabel, pathId } from './items'
import { planRun, type Step } from './plan'
import type { NodeRegistry } from './registry'
import { offlineAccess, type RemoteAccess } from './remote'
import { nextTurn } from './next-turn'
import { memoizedIn, type ResultStore } from './results'
import { ResourcePool } from './scheduler'
import { sha256Hex } from './sha256'
import { estimateOf, formatUsd } from './spend'
import { warningsOf, type Outputs, type Value } from './values'

export interface ExecutorDeps {
  registry: NodeRegistry
  results: ResultStore
  assets: AssetAccess
  /** Shared between runs, so two runs at once still respect the limits. */
  pool?: ResourcePool
  /** Cloud APIs, keys and the paid-job ledger; without it a run has no network and no keys. */
  remote?: RemoteAccess
}

export interface RunOptions {
  runId?: string
  pipelineId?: string
  /** Run this node and its ancestors only ("Run to here"). */
  target?: string
  signal?: AbortSignal
  onEvent?: (event: NodeEvent) => void
  /**
   * What each node may spend in this run, as the person agreed before it (`allowanceOf` an
   * `estimateSpend`), and the approvals they gave (`SpendApproval` ids). A node that can spend is
   * asked its estimate again on its real inputs as it starts, and stops before it sends anything
   * when that is more than its allowance or needs an approval not given. Absent: no check.
   */
  spend?: { allowance: ReadonlyMap<string, number>; approved: ReadonlySet<string> }
  /**
   * Take what the cache holds and run nothing: a node, or an item, not in the cache is skipped as
   * `NOT_CACHED`. How the editor shows stored results, per-item ones included, when a pipeline opens.
   */
  cachedOnly?: boolean
  /** The caller validated the document just before and found nothing to refuse (`PlanOptions.validated`). */
  validated?: boolean
  /**
   * The pipeline's budget: what is left of it as the run starts (read again before each paid node or
   * item, so a budget lowered during the run holds from then on). The run counts its own spending
   * against it, and a paid node or item whose estimate no longer fits is not started; those already
   * sent finish and are kept. Absent: no budget.
   */
  budget?: { leftUsd(): number }
}

/** Why a step was skipped in a run that only reads the cache. */
export const NOT_CACHED = 'not in the cache'

let runCounter = 0

/** How many failed items a node's message names; the record and the strip have every one. */
const NAMED_FAILURES = 3

/** How long a run starts steps before it lets other work in (see `Execution.#drain`). */
const COMPUTE_SLICE_MS = 8

/**
 * Runs a pipeline: plans it, takes every result it can from the cache, runs the rest with
 * independent branches side by side, and reports each node as it goes. A failing node skips what
 * depends on it; everything else finishes. Never throws for a node's failure: the record says it.
 */
export async function runPipeline(doc: PipelineDoc, deps: ExecutorDeps, options: RunOptions = {}): Promise<RunRecord> {
  const startedAt = Date.now()
  const record: RunRecord = {
    id: options.runId ?? `run-${startedAt.toString(36)}-${(runCounter++).toString(36)}`,
    pipelineId: options.pipelineId ?? doc.id,
    ...(options.target !== undefined ? { target: options.target } : {}),
    startedAt,
    finishedAt: startedAt,
    status: 'done',
    // Keyed by node ids, which may be any name: `constructor` must not look like a settled node.
    nodes: emptyRecord(),
  }
  const planned = planRun(doc, deps.registry, options.target, { validated: options.validated === true })
  if (!planned.ok) {
    return { ...record, status: 'refused', issues: planned.issues, finishedAt: Date.now() }
  }
  const { steps, expansion } = planned.plan
  // Each inner node of a component instance reports as itself, and the instance shows them together.
  const onEvent = expansion && options.onEvent ? instanceEvents(expansion, steps, options.onEvent) : options.onEvent
  const execution = new Execution(steps, deps, { ...options, ...(onEvent ? { onEvent } : {}) }, record)
  await execution.run()
  record.finishedAt = Date.now()
  const statuses = Object.values(record.nodes).map((node) => node.status)
  record.status = statuses.includes('cancelled') ? 'cancelled' : statuses.includes('error') ? 'error' : 'done'
  return record
}

/** One result of a step: the step's own, or one item's of a step that runs per item. */
interface Cell {
  /** The item's key in each list, outermost first; empty for a step that runs once. */
  path: readonly string[]
  /** Its cache key; the step's shape key when it was skipped before its inputs were known. */
  key: string
  status: Outcome['status']
  outputs?: Outputs
  /** Why it failed or was skipped. */
  message?: string
  durationMs?: number
}

/** Paid and cached parts of one run of a node, or of one item. */
interface Tally {
  parts?: { reused: number; made: number }
  spentUsd?: number
}

/** One run of a node's `run()`: the whole node, or one item. */
interface Job {
  inputs: Record<string, Value | undefined>
  /** The params this run gets: the item's own (`forItem`) where the node keeps a choice per item. */
  params: Record<string, unknown>
  inputKeys: Record<string, InputKey>
  key: string
  tally: Tally
  /** For an item, its label: its log lines say which item they are about. */
  item?: string
  /** `doing` while the node waits on work made for it (a recipe's clip rendered as it reads it). */
  progress(fraction: number, piece?: ProgressPiece, doing?: string): void
}

/** An item that can run: its key is known. */
type Runnable = StepCell & { key: string }

class Execution {
  readonly #steps: Map<string, Step>
  readonly #dependents = new Map<string, string[]>()
  readonly #waitingOn = new Map<string, number>()
  /** What each step gave, cell by cell, in item order. */
  readonly #produced = new Map<string, Cell[]>()
  readonly #known: KnownCells = (nodeId) => this.#produced.get(nodeId)
  readonly #nameOf = (nodeId: string): string => this.#steps.get(nodeId)?.node.label ?? nodeId
  readonly #remote: RemoteAccess
  readonly #started = new Set<string>()
  readonly #tallies = new Map<string, Tally>()
  /** What each node's starts have been allowed so far: a node run item by item counts every item. */
  readonly #committed = new Map<string, number>()
  readonly #spendRules: RunOptions['spend']
  readonly #cachedOnly: boolean
  readonly #budget: RunOptions['budget']
  /** What this run has spent or holds for paid work under way, counted against the budget. */
  #budgetUsed = 0
  readonly #pool: ResourcePool
  readonly #signal: AbortSignal
  readonly #emit: (event: NodeEvent) => void
  /** Cache hits found before the run starts, for the steps whose keys the plan knows. */
  readonly #hits = new Map<string, Outputs>()
  /**
   * Item keys of per-item steps worked out ahead, by step and item path, while a step above them
   * read its own items (`#keysAhead`), and what the cache held under each: read in that one batch.
   */
  readonly #keysAhead = new Map<string, Map<string, string>>()
  readonly #readAhead = new Map<string, Outputs | undefined>()
  /**
   * Parts (`ctx.memo`) being made now, by key: two nodes asking for the same part at once (two
   * instances of a component over the same shot) share one making, and one spend, not two.
   */
  readonly #partsMaking = new Map<string, Promise<Outputs>>()
  /** Steps whose inputs are ready, started in order by `#drain` (a loop, so a cached chain of
   * any length does not grow the call stack). */
  readonly #ready: Step[] = []
  #draining = false
  /** When the run next lets the page's other work in (`#drain`), and whether it is waiting for that now. */
  #sliceEndsAt = 0
  #yielding = false
  /** Result writes still landing; the run ends only once every one has. */
  readonly #writes: Promise<void>[] = []
  readonly #storeFailures = new Map<string, string>()
  #settled = 0
  #finish: () => void = () => {}

  constructor(
    steps: Step[],
    readonly deps: ExecutorDeps,
    options: RunOptions,
    readonly record: RunRecord,
  ) {
    this.#steps = new Map(steps.map((step) => [step.node.id, step]))
    this.#pool = deps.pool ?? new ResourcePool()
    this.#remote = deps.remote ?? offlineAccess()
    this.#signal = options.signal ?? new AbortController().signal
    this.#emit = options.onEvent ?? (() => {})
    this.#spendRules = options.spend
    this.#cachedOnly = options.cachedOnly === true
    this.#budget = options.budget
    for (const step of steps) {
      this.#waitingOn.set(step.node.id, step.dependsOn.length)
      for (const parent of step.dependsOn) {
        const list = this.#dependents.get(parent)
        if (list) list.push(step.node.id)
        else this.#dependents.set(parent, [step.node.id])
      }
    }
  }

  async run(): Promise<void> {
    const steps = [...this.#steps.values()]
    if (steps.length === 0) return
    for (const step of steps) this.#emit({ nodeId: step.node.id, status: 'queued', cacheKey: step.cacheKey })
    const known = steps.filter((step) => !step.dynamic)
    const cached = await this.deps.results.getMany(known.map((step) => step.cacheKey))
    known.forEach((step, i) => {
      const outputs = cached[i]
      if (outputs) this.#hits.set(step.node.id, outputs)
    })

    const done = new Promise<void>((resolve) => (this.#finish = resolve))
    const onAbort = () => this.#cancelWaiting()
    this.#signal.addEventListener('abort', onAbort, { once: true })
    for (const step of steps) {
      if (this.#waitingOn.get(step.node.id) === 0) this.#ready.push(step)
    }
    this.#sliceEndsAt = performance.now() + COMPUTE_SLICE_MS
    this.#drain()
    await done
    this.#signal.removeEventListener('abort', onAbort)
    await Promise.all(this.#writes)
    for (const [nodeId, message] of this.#storeFailures) {
      const entry = this.record.nodes[nodeId]
      if (entry) Object.assign(entry, { status: 'error', error: message })
      this.#emit({ nodeId, status: 'error', message })
    }
  }

  /**
   * Starts the ready steps. A run of thousands of quick steps would otherwise hold the thread from
   * its first step to its last: every `COMPUTE_SLICE_MS` it lets the page's other work in, so the
   * cache writes the finished steps while the next ones run (and the editor stays responsive).
   */
  #drain(): void {
    if (this.#draining || this.#yielding) return
    this.#draining = true
    try {
      for (let step = this.#ready.shift(); step; step = this.#ready.shift()) {
        if (performance.now() >= this.#sliceEndsAt) {
          this.#ready.unshift(step)
          this.#yielding = true
          void nextTurn().then(() => {
            this.#yielding = false
            this.#sliceEndsAt = performance.now() + COMPUTE_SLICE_MS
            this.#drain()
          })
          return
        }
        this.#start(step)
      }
    } finally {
      this.#draining = false
    }
  }

  #start(step: Step): void {
    const id = step.node.id
    if (this.#started.has(id) || this.record.nodes[id]) return
    this.#started.add(id)
    if (this.#signal.aborted) return this.#settle(step, { status: 'cancelled' })
    if (step.dynamic) {
      void this.#runCells(step).then((outcome) => this.#settle(step, outcome))
      return
    }
    const hit = this.#hits.get(id)
    if (hit) {
      this.#keep(step, [{ path: [], key: step.cacheKey, status: 'cached', outputs: hit }])
      this.#emit({ nodeId: id, status: 'cached', outputs: hit, durationMs: 0 })
      return this.#settle(step, { status: 'cached' })
    }
    if (this.#cachedOnly) return this.#settle(step, { status: 'skipped', message: NOT_CACHED })
    void this.#runWhole(step).then((outcome) => this.#settle(step, outcome))
  }

  /** A step whose key the plan knows: it runs once, as it always has. */
  async #runWhole(step: Step): Promise<Outcome> {
    const id = step.node.id
    const [prepared] = stepCells(step, this.#known, { nameOf: this.#nameOf }) ?? []
    if (!prepared || prepared.key === undefined) return { status: 'skipped', message: prepared?.because ?? 'nothing reached it' }
    const tally: Tally = {}
    this.#tallies.set(id, tally)
    const outcome = await this.#perform(step, {
      ...jobOf(prepared as Runnable),
      tally,
      progress: (progress, piece, doing) => this.#emit({ nodeId: id, status: 'running', progress, ...(piece ? { piece } : {}), ...(doing ? { doing } : {}) }),
    })
    this.#keep(step, [{ path: [], key: step.cacheKey, ...outcome }])
    if (outcome.status === 'done') this.#emit({ nodeId: id, status: 'done', outputs: outcome.outputs as Outputs, durationMs: outcome.durationMs ?? 0 })
    return outcome
  }

  /**
   * A step that runs per item, or gathers items: each item's inputs and key are worked out from the
   * items that reached it, each is taken from the cache or run on its own, and one failing item
   * leaves the others to finish.
   */
  async #runCells(step: Step): Promise<Outcome> {
    const id = step.node.id
    const started = performance.now()
    const known = this.#keysAhead.get(id)
    this.#keysAhead.delete(id)
    // Every step above it has settled, so its items are known.
    const prepared = stepCells(step, this.#known, { nameOf: this.#nameOf, ...(known ? { keys: known } : {}) }) ?? []
    const perItem = step.depth > 0
    if (perItem) this.#emit({ nodeId: id, status: 'items', items: prepared.map((item) => itemLabel(item.path)) })
    const runnable = prepared.filter((item): item is Runnable => item.key !== undefined && item.because === undefined)
    const hits = await this.#readItems(step, runnable)
    const fractions = new Map<string, number>()
    const progress = (item: string, piece: ProgressPiece | undefined, doing: string | undefined) => {
      let sum = 0
      for (const fraction of fractions.values()) sum += fraction
      const share = sum / Math.max(1, prepared.length)
      this.#emit({ nodeId: id, status: 'running', progress: share, ...(perItem ? { item, itemProgress: fractions.get(item) ?? 0 } : {}), ...(piece ? { piece } : {}), ...(doing ? { doing } : {}) })
    }
    const tallies = new Map<string, Tally>()

    const runItem = async (item: Runnable, label: string): Promise<Cell> => {
      const tally: Tally = {}
      tallies.set(label, tally)
      if (perItem) this.#emit({ nodeId: id, status: 'item', item: label, state: 'running' })
      const outcome = await this.#perform(step, {
        ...jobOf(item),
        tally,
        ...(perItem ? { item: label } : {}),
        progress: (fraction, piece, doing) => {
          fractions.set(label, fraction)
          progress(label, piece, doing)
        },
      })
      fractions.set(label, 1)
      if (perItem) {
        this.#emit({
          nodeId: id,
          status: 'item',
          item: label,
          state: outcome.status,
          ...(outcome.outputs ? { outputs: outcome.outputs } : {}),
          ...(outcome.message !== undefined ? { message: outcome.message } : {}),
          durationMs: outcome.durationMs ?? 0,
        })
      }
      return { path: item.path, key: item.key, ...outcome }
    }
    // Items taken from the cache or skipped settle here and now; only those that run are waited for.
    const settling = prepared.map((item): Cell | Promise<Cell> => {
      const label = itemLabel(item.path)
      if (item.key === undefined || item.because !== undefined) {
        const because = item.because ?? 'nothing reached it'
        if (perItem) this.#emit({ nodeId: id, status: 'item', item: label, state: 'skipped', message: because })
        return { path: item.path, key: step.cacheKey, status: 'skipped', message: because }
      }
      const hit = hits.get(item.key)
      if (hit) {
        fractions.set(label, 1)
        if (perItem) this.#emit({ nodeId: id, status: 'item', item: label, state: 'cached', outputs: hit, durationMs: 0 })
        return { path: item.path, key: item.key, status: 'cached', outputs: hit }
      }
      if (this.#cachedOnly) {
        if (perItem) this.#emit({ nodeId: id, status: 'item', item: label, state: 'skipped', message: NOT_CACHED })
        return { path: item.path, key: item.key, status: 'skipped', message: NOT_CACHED }
      }
      return runItem(item as Runnable, label)
    })
    const cells = settling.some((cell) => cell instanceof Promise) ? await Promise.all(settling) : (settling as Cell[])
    this.#keep(step, cells)
    const durationMs = performance.now() - started
    if (!perItem) return this.#wholeOutcome(step, cells[0] as Cell, tallies.get('') ?? {}, durationMs)
    return this.#itemsOutcome(step, cells, tallies, durationMs)
  }

  /** A step that gathers items runs once: its one cell is its result. */
  #wholeOutcome(step: Step, cell: Cell, tally: Tally, durationMs: number): Outcome {
    const id = step.node.id
    this.#tallies.set(id, tally)
    if (cell.status === 'cached' || cell.status === 'done') {
      this.#emit({ nodeId: id, status: cell.status, outputs: cell.outputs as Outputs, durationMs })
    }
    return { status: cell.status, key: cell.key, durationMs, ...(cell.message !== undefined ? { message: cell.message } : {}) }
  }

  /** A per-item step's result: each item's record, and the node's status from theirs. */
  #itemsOutcome(step: Step, cells: Cell[], tallies: Map<string, Tally>, durationMs: number): Outcome {
    const id = step.node.id
    // Keyed by item keys, which come from documents and media: a shot may be called `constructor`.
    const items = emptyRecord<ItemRunRecord>()
    const total: Tally = {}
    for (const cell of cells) {
      const label = itemLabel(cell.path)
      const tally = tallies.get(label)
      items[label] = itemRecord(cell, tally)
      if (tally?.parts) total.parts = { reused: (total.parts?.reused ?? 0) + tally.parts.reused, made: (total.parts?.made ?? 0) + tally.parts.made }
      if (tally?.spentUsd !== undefined) total.spentUsd = (total.spentUsd ?? 0) + tally.spentUsd
    }
    this.#tallies.set(id, total)
    const key = sha256Hex(canonicalJson(cells.map((cell) => cell.key)))
    const failed = cells.filter((cell) => cell.status === 'error')
    const finished = cells.filter((cell) => cell.status === 'done' || cell.status === 'cached')
    const status: Outcome['status'] = cells.some((cell) => cell.status === 'cancelled')
      ? 'cancelled'
      : failed.length > 0
        ? 'error'
        : cells.length > 0 && finished.length === 0
          ? 'skipped'
          : finished.every((cell) => cell.status === 'cached') && cells.length > 0
            ? 'cached'
            : 'done'
    const outcome: Outcome = { status, key, durationMs, items, passOn: status !== 'cancelled' }
    if (status === 'cached' || status === 'done') {
      this.#emit({ nodeId: id, status, outputs: listsOf(step, finished), durationMs })
      return outcome
    }
    if (status === 'error') {
      const named = failed.slice(0, NAMED_FAILURES).map((cell) => `item ${itemLabel(cell.path)}: ${cell.message ?? 'failed'}`)
      const more = failed.length > NAMED_FAILURES ? `; and ${failed.length - NAMED_FAILURES} more` : ''
      return { ...outcome, message: `${failed.length} of ${cells.length} items failed (${named.join('; ')}${more})` }
    }
    if (status === 'skipped') return { ...outcome, message: `none of its ${cells.length} items could run` }
    return outcome
  }

  /** Runs a node's `run()` once: for the node, or for one item. */
  async #perform(step: Step, job: Job): Promise<Omit<Outcome, 'key'> & { status: 'done' | 'error' | 'cancelled'; outputs?: Outputs }> {
    const resources = resourcesFor(step.definition, job.params, job.inputs)
    const release = this.#pool.tryAcquire(resources) ?? (await this.#pool.acquire(resources))
    const started = performance.now()
    let held = 0
    try {
      if (this.#signal.aborted) return { status: 'cancelled' }
      job.progress(0)
      this.#signal.throwIfAborted()
      held = await this.#checkSpend(step, job)
      const outputs = await step.definition.run({ inputs: job.inputs, params: job.params, ctx: this.#context(step, job) })
      this.#signal.throwIfAborted()
      checkOutputs(step, outputs)
      const durationMs = performance.now() - started
      // What depends on this node starts now; the write lands meanwhile and the run waits for it.
      this.#writes.push(
        this.deps.results
          .put(job.key, { outputs, nodeType: step.node.type, durationMs })
          .catch((error: unknown) => this.#storeFailed(step, error)),
      )
      return { status: 'done', outputs, durationMs }
    } catch (error) {
      const durationMs = performance.now() - started
      if (this.#signal.aborted) return { status: 'cancelled', durationMs }
      const message = error instanceof Error ? error.message : String(error)
      return { status: 'error', message, durationMs }
    } finally {
      // What was held for it becomes what it really spent (takes found in the cache cost nothing).
      this.#budgetUsed += (job.tally.spentUsd ?? 0) - held
      release()
    }
  }

  #context(step: Step, job: Job): RunContext {
    const nodeId = step.node.id
    let last = -1
    let lastDoing: string | undefined
    const progress = (fraction: number, piece?: ProgressPiece, doing?: string) => {
      const clamped = Math.min(1, Math.max(0, fraction))
      if (Math.abs(clamped - last) < 0.005 && clamped !== 1 && doing === lastDoing) return
      last = clamped
      lastDoing = doing
      job.progress(clamped, piece, doing)
    }
    const assets = this.deps.assets
    return {
      memo: (parts, make) => this.#memo(step, job, parts, make),
      nodeId,
      signal: this.#signal,
      // A file made as the node reads it (a recipe's clip) shows on the node and stops on Cancel.
      assets: {
        put: (data, info) => assets.put(data, info),
        pin: (ref) => assets.pin(ref),
        get: (ref, options) => assets.get(ref, { signal: this.#signal, progress: (fraction, doing) => progress(fraction, undefined, doing), ...options }),
      },
      remote: this.#remote,
      progress: (fraction, piece) => progress(fraction, piece),
      log: (message) => this.#emit({ nodeId, status: 'log', message: job.item === undefined ? message : `item ${job.item}: ${message}` }),
      spend: (amountUsd) => {
        job.tally.spentUsd = (job.tally.spentUsd ?? 0) + amountUsd
      },
    }
  }

  /**
   * Refuses a node that would spend more than it was allowed, more than the budget has left, or send
   * what was not approved, before it sends anything. Returns what it holds of the budget.
   */
  async #checkSpend(step: Step, { inputs, params, inputKeys }: Pick<Job, 'inputs' | 'params' | 'inputKeys'>): Promise<number> {
    const rules = this.#spendRules
    const budget = this.#budget
    if ((!rules && !budget) || !step.definition.estimate) return 0
    const id = step.node.id
    const memoized = memoizedIn(this.deps.results, step, inputKeys)
    const estimate = await estimateOf(step.definition, { inputs, pending: new Set(), params, ctx: { assets: this.deps.assets, remote: this.#remote, memoized } })
    // It refuses on its own before sending anything (no key, a request the provider cannot make).
    if (estimate.kind === 'cannot-run') return 0
    const again = 'nothing was sent; press Run again to see what it costs and agree to it'
    if (rules && estimate.approval && !rules.approved.has(estimate.approval.id)) throw new Error(`${estimate.approval.title} was not agreed to before this run: ${again}`)
    if (estimate.kind === 'unpriced') throw new Error(`${estimate.name}: the price is not known (${estimate.why}); nothing was sent`)
    if (estimate.usd === 0) return 0
    if (budget) {
      const left = budget.leftUsd() - this.#budgetUsed
      // A hundredth of a cent covers the sums' rounding, never a take.
      if (estimate.usd > left + 1e-4) {
        throw new Error(`Budget reached: ${estimate.name} would spend ${formatUsd(estimate.usd)} here and the pipeline's budget has ${formatUsd(Math.max(0, left))} left; nothing was sent (raise the pipeline's budget to go on: File → Budget… in the editor, --budget for the runner)`)
      }
    }
    if (rules) {
      const allowed = rules.allowance.get(id) ?? 0
      const committed = (this.#committed.get(id) ?? 0) + estimate.usd
      if (committed > allowed + 1e-4) {
        throw new Error(`${estimate.name} would spend ${formatUsd(estimate.usd)} here, more than the ${formatUsd(Math.max(0, allowed - (committed - estimate.usd)))} agreed for this node before the run: ${again}`)
      }
      this.#committed.set(id, committed)
    }
    this.#budgetUsed += estimate.usd
    return estimate.usd
  }

  async #memo(step: Step, job: Job, parts: Record<string, unknown>, make: (key: string) => Promise<Outputs>): Promise<Outputs> {
    const key = partKey(step.node.type, step.definition.version, parts, job.inputKeys)
    const counts = (job.tally.parts ??= { reused: 0, made: 0 })
    // Looked for before and after the cache is read: another node may start the part meanwhile.
    const stored = this.#partsMaking.get(key) ?? (await this.deps.results.getMany([key]))[0] ?? this.#partsMaking.get(key)
    if (stored) {
      const outputs = await stored
      counts.reused++
      return outputs
    }
    const started = performance.now()
    const made = (async () => {
      const outputs = await make(key)
      // Stored at once: a paid part must survive a failure or a cancel of the rest of the node.
      await this.deps.results.put(key, { outputs, nodeType: step.node.type, durationMs: performance.now() - started })
      return outputs
    })()
    this.#partsMaking.set(key, made)
    try {
      const outputs = await made
      counts.made++
      return outputs
    } finally {
      this.#partsMaking.delete(key)
    }
  }

  #keep(step: Step, cells: Cell[]): void {
    this.#produced.set(step.node.id, cells)
  }

  /**
   * What the cache holds for a step's items, by key. The step's own keys and those of the per-item
   * steps below it that follow from them (a chain over a list) are read in one batch: one read of
   * the cache for the whole chain instead of one per step. Keys read ahead of their step come from
   * that read when their step gets here.
   */
  async #readItems(step: Step, items: readonly Runnable[]): Promise<Map<string, Outputs | undefined>> {
    const hits = new Map<string, Outputs | undefined>()
    const unread: string[] = []
    for (const { key } of items) {
      if (this.#readAhead.has(key)) hits.set(key, this.#readAhead.get(key))
      else unread.push(key)
    }
    for (const { key } of items) this.#readAhead.delete(key)
    // A step whose keys were all read ahead had the steps below it looked at then.
    const batch = unread.length > 0 ? [...unread, ...this.#lookAhead(step, items)] : []
    if (batch.length === 0) return hits
    const stored = await this.deps.results.getMany(batch)
    batch.forEach((key, i) => {
      if (i < unread.length) hits.set(key, stored[i])
      else this.#readAhead.set(key, stored[i])
    })
    return hits
  }

  /**
   * The item keys of the per-item steps below `step` that follow from its own (`keysAhead`): kept in
   * `#keysAhead` for their steps, and returned to be read now.
   */
  #lookAhead(step: Step, own: readonly Runnable[]): string[] {
    const below = new Set<string>()
    const queue = [step.node.id]
    for (let i = 0; i < queue.length; i++) {
      for (const child of this.#dependents.get(queue[i] as string) ?? []) {
        if (below.has(child) || this.#started.has(child) || this.#keysAhead.has(child)) continue
        below.add(child)
        queue.push(child)
      }
    }
    if (below.size === 0) return []
    // In plan order, each after the steps it reads.
    const steps = [...this.#steps.values()].filter((candidate) => below.has(candidate.node.id))
    const known: KnownCells = (nodeId) => {
      if (nodeId === step.node.id) return own
      const produced = this.#produced.get(nodeId)
      if (produced) return produced
      const source = this.#steps.get(nodeId)
      return source && !source.dynamic ? [{ path: [], key: source.cacheKey }] : undefined
    }
    const ahead: string[] = []
    for (const [nodeId, cells] of keysAhead(steps, known)) {
      this.#keysAhead.set(nodeId, new Map(cells.map((cell) => [pathId(cell.path), cell.key as string])))
      for (const cell of cells) ahead.push(cell.key as string)
    }
    return ahead
  }

  /**
   * What the node warns of about its results (a loudness target it could not reach), item by item,
   * leaving out warnings it only passed on from what it was given.
   */
  #warnings(step: Step): string[] {
    const found = new Set<string>()
    const cells = this.#produced.get(step.node.id) ?? []
    // Almost no result carries a warning: only one that does needs its inputs worked out again
    // (their own keys spare hashing them).
    const warned = cells.filter((cell) => cell.outputs && warningsOf(cell.outputs, []).length > 0)
    if (warned.length === 0) return []
    const keys = new Map(cells.map((cell) => [pathId(cell.path), cell.key]))
    const inputs = new Map((stepCells(step, this.#known, { keys }) ?? []).map((cell) => [pathId(cell.path), cell.inputs]))
    for (const cell of warned) {
      for (const warning of warningsOf(cell.outputs as Outputs, Object.values(inputs.get(pathId(cell.path)) ?? {}))) found.add(warning)
    }
    return [...found]
  }

    /** The node ran but its result could not be kept (a full disk, say): it says so and why. */
  #storeFailed(step: Step, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error)
    this.#storeFailures.set(step.node.id, `finished, but its result could not be saved: ${reason}`)
  }

  #settle(step: Step, outcome: Outcome): void {
    const id = step.node.id
    const tally = this.#tallies.get(id)
    const warnings = outcome.status === 'done' || outcome.status === 'cached' ? this.#warnings(step) : []
    const entry: NodeRunRecord = {
      status: outcome.status,
      cached: outcome.status === 'cached',
      durationMs: outcome.durationMs ?? 0,
      cacheKey: outcome.key ?? step.cacheKey,
      ...(outcome.message !== undefined ? { error: outcome.message } : {}),
      ...(tally?.parts ? { parts: tally.parts } : {}),
      ...(tally?.spentUsd !== undefined ? { costUsd: tally.spentUsd } : {}),
      ...(outcome.items ? { items: outcome.items } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    }
    this.record.nodes[id] = entry
    for (const message of warnings) this.#emit({ nodeId: id, status: 'warning', message })
    if (outcome.status === 'error') this.#emit({ nodeId: id, status: 'error', message: outcome.message ?? 'failed' })
    if (outcome.status === 'skipped') this.#emit({ nodeId: id, status: 'skipped', because: outcome.message ?? 'nothing reached it' })
    if (outcome.status === 'cancelled') this.#emit({ nodeId: id, status: 'cancelled' })
    this.#settled++

    // A per-item step hands on the items that finished; the others are skipped item by item below.
    const succeeded = outcome.passOn === true || outcome.status === 'done' || outcome.status === 'cached'
    for (const child of this.#dependents.get(id) ?? []) {
      const childStep = this.#steps.get(child) as Step
      if (!succeeded) {
        this.#skip(childStep, outcome.status === 'cancelled' ? 'cancelled' : `"${step.node.label ?? id}" ${outcome.status === 'skipped' ? 'was skipped' : 'failed'}`)
        continue
      }
      const left = (this.#waitingOn.get(child) as number) - 1
      this.#waitingOn.set(child, left)
      if (left === 0) this.#ready.push(childStep)
    }
    this.#drain()
    if (this.#settled === this.#steps.size) this.#finish()
  }

  /** Marks a step and everything below it as not run, because something above did not finish. */
  #skip(step: Step, because: string): void {
    const queue = [step]
    for (let i = 0; i < queue.length; i++) {
      const current = queue[i] as Step
      const id = current.node.id
      if (this.record.nodes[id]) continue
      const status = because === 'cancelled' ? 'cancelled' : 'skipped'
      this.record.nodes[id] = { status, cached: false, durationMs: 0, cacheKey: current.cacheKey }
      this.#emit(status === 'skipped' ? { nodeId: id, status, because } : { nodeId: id, status })
      this.#settled++
      for (const child of this.#dependents.get(id) ?? []) queue.push(this.#steps.get(child) as Step)
    }
    if (this.#settled === this.#steps.size) this.#finish()
  }

  /** On cancel, steps that have not started will not start; running ones stop through the signal. */
  #cancelWaiting(): void {
    for (const step of this.#steps.values()) {
      const id = step.node.id
      if (this.record.nodes[id] || this.#started.has(id)) continue
      this.#skip(step, 'cancelled')
    }
  }
}

interface Outcome {
  status: 'done' | 'cached' | 'error' | 'skipped' | 'cancelled'
  durationMs?: number
  /** Why it failed, or why it was skipped. */
  message?: string
  /** Its cache key, when the run worked it out (a step that gathers items). */
  key?: string
  items?: Record<string, ItemRunRecord>
  /** A per-item step lets what follows run for the items that finished, even when some did not. */
  passOn?: boolean
}

/** What a node's `run()` gets for one cell that can run. */
function jobOf(cell: Runnable): Pick<Job, 'inputs' | 'params' | 'inputKeys' | 'key'> {
  return { inputs: cell.inputs, params: cell.params, inputKeys: cell.inputKeys, key: cell.key }
}

function itemRecord(cell: Cell, tally: Tally | undefined): ItemRunRecord {
  return {
    status: cell.status,
    cached: cell.status === 'cached',
    durationMs: cell.durationMs ?? 0,
    cacheKey: cell.key,
    ...(cell.message !== undefined ? { error: cell.message } : {}),
    ...(tally?.parts ? { parts: tally.parts } : {}),
    ...(tally?.spentUsd !== undefined ? { costUsd: tally.spentUsd } : {}),
  }
}

/** A per-item node's outputs as its node shows them: each port's values as a list, in item order. */
function listsOf(step: Step, cells: readonly Cell[]): Outputs {
  const outputs = emptyRecord<Value>()
  for (const port of Object.keys(step.definition.outputs)) outputs[port] = cells.map((cell) => ownValue(cell.outputs as Outputs, port) as Value)
  return outputs
}

function checkOutputs(step: Step, outputs: Outputs): void {
  for (const name of Object.keys(step.definition.outputs)) {
    if (outputs[name] === undefined) throw new Error(`"${step.node.type}" gave no value for its output "${name}"`)
  }
}
