import type { PipelineDoc } from '../graph'
import { cacheKey } from './cache-key'
import { resourcesFor, type AssetAccess, type RunContext } from './define-node'
import type { NodeEvent, NodeRunRecord, RunRecord } from './events'
import { planRun, type Step } from './plan'
import type { NodeRegistry } from './registry'
import { offlineAccess, type RemoteAccess } from './remote'
import type { ResultStore } from './results'
import { ResourcePool } from './scheduler'
import { estimateOf, formatUsd } from './spend'
import type { Outputs, Value } from './values'

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
}

let runCounter = 0

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
    nodes: {},
  }
  const planned = planRun(doc, deps.registry, options.target)
  if (!planned.ok) {
    return { ...record, status: 'refused', issues: planned.issues, finishedAt: Date.now() }
  }
  const execution = new Execution(planned.plan.steps, deps, options, record)
  await execution.run()
  record.finishedAt = Date.now()
  const statuses = Object.values(record.nodes).map((node) => node.status)
  record.status = statuses.includes('cancelled') ? 'cancelled' : statuses.includes('error') ? 'error' : 'done'
  return record
}

class Execution {
  readonly #steps: Map<string, Step>
  readonly #dependents = new Map<string, string[]>()
  readonly #waitingOn = new Map<string, number>()
  readonly #outputs = new Map<string, Outputs>()
  readonly #remote: RemoteAccess
  readonly #started = new Set<string>()
  readonly #parts = new Map<string, { reused: number; made: number }>()
  readonly #spent = new Map<string, number>()
  /** What each node's starts have been allowed so far: a node run item by item counts every item. */
  readonly #committed = new Map<string, number>()
  readonly #spendRules: RunOptions['spend']
  readonly #pool: ResourcePool
  readonly #signal: AbortSignal
  readonly #emit: (event: NodeEvent) => void
  /** Cache hits found before the run starts. */
  readonly #hits = new Map<string, Outputs>()
  /** Steps whose inputs are ready, started in order by `#drain` (a loop, so a cached chain of
   * any length does not grow the call stack). */
  readonly #ready: Step[] = []
  #draining = false
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
    const cached = await this.deps.results.getMany(steps.map((step) => step.cacheKey))
    steps.forEach((step, i) => {
      const outputs = cached[i]
      if (outputs) this.#hits.set(step.node.id, outputs)
    })

    const done = new Promise<void>((resolve) => (this.#finish = resolve))
    const onAbort = () => this.#cancelWaiting()
    this.#signal.addEventListener('abort', onAbort, { once: true })
    for (const step of steps) {
      if (this.#waitingOn.get(step.node.id) === 0) this.#ready.push(step)
    }
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

  #drain(): void {
    if (this.#draining) return
    this.#draining = true
    try {
      for (let step = this.#ready.shift(); step; step = this.#ready.shift()) this.#start(step)
    } finally {
      this.#draining = false
    }
  }

  #start(step: Step): void {
    const id = step.node.id
    if (this.#started.has(id) || this.record.nodes[id]) return
    this.#started.add(id)
    if (this.#signal.aborted) return this.#settle(step, { status: 'cancelled' })
    const hit = this.#hits.get(id)
    if (hit) {
      this.#outputs.set(id, hit)
      this.#emit({ nodeId: id, status: 'cached', outputs: hit, durationMs: 0 })
      return this.#settle(step, { status: 'cached' })
    }
    void this.#execute(step).then((outcome) => this.#settle(step, outcome))
  }

  async #execute(step: Step): Promise<Outcome> {
    const id = step.node.id
    const inputs = this.#gatherInputs(step)
    const resources = resourcesFor(step.definition, step.params, inputs)
    const release = this.#pool.tryAcquire(resources) ?? (await this.#pool.acquire(resources))
    const started = performance.now()
    try {
      if (this.#signal.aborted) return { status: 'cancelled' }
      this.#emit({ nodeId: id, status: 'running', progress: 0 })
      this.#signal.throwIfAborted()
      await this.#checkSpend(step, inputs)
      const outputs = await step.definition.run({
        inputs,
        params: step.params,
        ctx: this.#context(step),
      })
      this.#signal.throwIfAborted()
      checkOutputs(step, outputs)
      const durationMs = performance.now() - started
      // What depends on this node starts now; the write lands meanwhile and the run waits for it.
      this.#writes.push(
        this.deps.results
          .put(step.cacheKey, { outputs, nodeType: step.node.type, durationMs })
          .catch((error: unknown) => this.#storeFailed(step, error)),
      )
      this.#outputs.set(id, outputs)
      this.#emit({ nodeId: id, status: 'done', outputs, durationMs })
      return { status: 'done', durationMs }
    } catch (error) {
      const durationMs = performance.now() - started
      if (this.#signal.aborted) return { status: 'cancelled', durationMs }
      const message = error instanceof Error ? error.message : String(error)
      return { status: 'error', message, durationMs }
    } finally {
      release()
    }
  }

  #context(step: Step): RunContext {
    const nodeId = step.node.id
    let last = -1
    return {
      memo: (parts, make) => this.#memo(step, parts, make),
      nodeId,
      signal: this.#signal,
      assets: this.deps.assets,
      remote: this.#remote,
      progress: (fraction) => {
        const progress = Math.min(1, Math.max(0, fraction))
        if (Math.abs(progress - last) < 0.005 && progress !== 1) return
        last = progress
        this.#emit({ nodeId, status: 'running', progress })
      },
      log: (message) => this.#emit({ nodeId, status: 'log', message }),
      spend: (amountUsd) => this.#spent.set(nodeId, (this.#spent.get(nodeId) ?? 0) + amountUsd),
    }
  }

  /** Refuses a node that would spend more than it was allowed, or send what was not approved, before it sends anything. */
  async #checkSpend(step: Step, inputs: Record<string, Value | undefined>): Promise<void> {
    const rules = this.#spendRules
    if (!rules || !step.definition.estimate) return
    const id = step.node.id
    const estimate = await estimateOf(step.definition, { inputs, pending: new Set(), params: step.params, ctx: { assets: this.deps.assets, remote: this.#remote } })
    // It refuses on its own before sending anything (no key, a request the provider cannot make).
    if (estimate.kind === 'cannot-run') return
    const again = 'nothing was sent; press Run again to see what it costs and agree to it'
    if (estimate.approval && !rules.approved.has(estimate.approval.id)) throw new Error(`${estimate.approval.title} was not agreed to before this run: ${again}`)
    if (estimate.kind === 'unpriced') throw new Error(`${estimate.name}: the price is not known (${estimate.why}); nothing was sent`)
    const allowed = rules.allowance.get(id) ?? 0
    const committed = (this.#committed.get(id) ?? 0) + estimate.usd
    // A hundredth of a cent covers the sums' rounding, never a take.
    if (estimate.usd > 0 && committed > allowed + 1e-4) {
      throw new Error(`${estimate.name} would spend ${formatUsd(estimate.usd)} here, more than the ${formatUsd(Math.max(0, allowed - (committed - estimate.usd)))} agreed for this node before the run: ${again}`)
    }
    this.#committed.set(id, committed)
  }

  async #memo(step: Step, parts: Record<string, unknown>, make: (key: string) => Promise<Outputs>): Promise<Outputs> {
    const key = cacheKey({ type: step.node.type, typeVersion: step.definition.version, params: parts, inputs: step.inputKeys })
    const counts = this.#parts.get(step.node.id) ?? { reused: 0, made: 0 }
    this.#parts.set(step.node.id, counts)
    const [stored] = await this.deps.results.getMany([key])
    if (stored) {
      counts.reused++
      return stored
    }
    const started = performance.now()
    const outputs = await make(key)
    // Stored at once: a paid part must survive a failure or a cancel of the rest of the node.
    await this.deps.results.put(key, { outputs, nodeType: step.node.type, durationMs: performance.now() - started })
    counts.made++
    return outputs
  }

  #gatherInputs(step: Step): Record<string, Value | undefined> {
    const inputs: Record<string, Value | undefined> = {}
    for (const [name, spec] of Object.entries(step.definition.inputs)) {
      const sources = step.inputs[name] ?? []
      const values = sources.map((source) => this.#outputs.get(source.node)?.[source.port] as Value)
      if (spec.type.endsWith('[]')) inputs[name] = values.flatMap((value) => (Array.isArray(value) ? value : [value]))
      else inputs[name] = values[0]
    }
    return inputs
  }

  /** The node ran but its result could not be kept (a full disk, say): it says so and why. */
  #storeFailed(step: Step, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error)
    this.#storeFailures.set(step.node.id, `finished, but its result could not be saved: ${reason}`)
  }

  #settle(step: Step, outcome: Outcome): void {
    const id = step.node.id
    const entry: NodeRunRecord = {
      status: outcome.status,
      cached: outcome.status === 'cached',
      durationMs: outcome.durationMs ?? 0,
      cacheKey: step.cacheKey,
      ...(outcome.message !== undefined ? { error: outcome.message } : {}),
      ...(this.#parts.has(id) ? { parts: this.#parts.get(id) } : {}),
      ...(this.#spent.has(id) ? { costUsd: this.#spent.get(id) } : {}),
    }
    this.record.nodes[id] = entry
    if (outcome.status === 'error') this.#emit({ nodeId: id, status: 'error', message: outcome.message ?? 'failed' })
    if (outcome.status === 'cancelled') this.#emit({ nodeId: id, status: 'cancelled' })
    this.#settled++

    const succeeded = outcome.status === 'done' || outcome.status === 'cached'
    for (const child of this.#dependents.get(id) ?? []) {
      const childStep = this.#steps.get(child) as Step
      if (!succeeded) {
        this.#skip(childStep, outcome.status === 'cancelled' ? 'cancelled' : `"${step.node.label ?? id}" failed`)
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
  status: 'done' | 'cached' | 'error' | 'cancelled'
  durationMs?: number
  message?: string
}

function checkOutputs(step: Step, outputs: Outputs): void {
  for (const name of Object.keys(step.definition.outputs)) {
    if (outputs[name] === undefined) throw new Error(`"${step.node.type}" gave no value for its output "${name}"`)
  }
}
