import { assetsIn, runPipeline, type NodeEvent, type Outputs } from '../../engine'
import { emptyRecord, expandComponents, type PipelineDoc } from '../../graph'
import { providerCallsOf, type ProviderCall } from '../provider-calls'
import { appRemoteAccess } from '../remote'
import { runPool } from '../run-pool'
import type { EditorServices, EditorSlice } from './editor-state'
import { afterEvent, idleRun, type NodeRun } from './node-run'
import { summarizeRun, type RunSummary } from './run-summary'
import { plannableSteps } from './stored-results'

/** The run in progress, or what the last one did. */
export interface RunInfo {
  active: boolean
  /** The "Run to here" node, when the run is for one node and what feeds it. */
  target?: string
  /** How many nodes the run covers and how many have finished (run, cached, failed or skipped). */
  total: number
  finished: number
  last?: RunSummary
}

/** Run state, by node id, so a progress tick re-renders one node and not the canvas. */
export interface RunSlice {
  /** Without a prototype: a node may be called `constructor` or `__proto__`. */
  nodeRuns: Record<string, NodeRun>
  currentRun: RunInfo
  /** How many runs this editor has recorded; the run history reads the records again as it grows. */
  runsRecorded: number
  /** A run that would spend more than the settings allow without asking, waiting for a yes. */
  costToConfirm: CostToConfirm | null
  /**
   * Runs the pipeline, or with `target` that node and what feeds it. A run that may spend more than
   * the settings' limit waits in `costToConfirm` until it is started again with `costConfirmed`.
   */
  startRun(target?: string, options?: { costConfirmed?: boolean }): Promise<void>
  dismissCost(): void
  cancelRun(): void
  /**
   * Shows the cached results of the open document without marking anything as run, on the nodes
   * that show no result or an out-of-date one (after opening a document, an undo or a redo).
   */
  showStoredResults(): Promise<void>
  /** After media were evicted: a node whose shown result lost some of its media shows none. */
  forgetEvictedResults(): Promise<void>
  forgetRuns(): void
}

export interface CostToConfirm {
  /** The most the run can spend: every take not yet in the cache, at the providers' estimates. */
  estimatedUsd: number
  calls: ProviderCall[]
  limitUsd: number
  target?: string
}

/** How long progress ticks wait to be shown together: one frame. */
const PROGRESS_FRAME_MS = 16

const settled = new Set(['cached', 'done', 'error', 'skipped', 'cancelled'])

export function createRunSlice(services: EditorServices): EditorSlice<RunSlice> {
  const { storage, registry } = services
  let controller: AbortController | undefined

  /** What a run would spend past the limit, counting only the paid nodes whose results are not cached. */
  async function costAboveLimit(doc: PipelineDoc, target: string | undefined): Promise<CostToConfirm | null> {
    const { confirmRunsAboveUsd: limitUsd } = await storage.settings.get()
    // Most runs pay nothing: the upper bound, from params alone, settles them without planning the
    // graph or reading the cache.
    if (totalUsd(providerCallsOf(doc, registry)) <= limitUsd) return null
    const steps = plannableSteps(doc, registry)
    const stored = await storage.results.getMany(steps.map((step) => step.cacheKey))
    const uncached = new Set(steps.filter((_, i) => stored[i] === undefined).map((step) => step.node.id))
    const calls = providerCallsOf({ ...doc, nodes: doc.nodes.filter((node) => uncached.has(node.id)) }, registry)
    const estimatedUsd = totalUsd(calls)
    if (estimatedUsd <= limitUsd) return null
    return { estimatedUsd, calls, limitUsd, ...(target !== undefined ? { target } : {}) }
  }

  return (set, get) => ({
    nodeRuns: emptyRecord(),
    currentRun: { active: false, total: 0, finished: 0 },
    runsRecorded: 0,
    costToConfirm: null,

    async startRun(target, options = {}) {
      if (get().currentRun.active) return
      const doc = get().doc
      if (!options.costConfirmed) {
        const asking = await costAboveLimit(doc, target)
        if (asking) {
          set((state) => {
            state.costToConfirm = asking
          })
          return
        }
      }
      set((state) => {
        state.costToConfirm = null
      })
      const run = new AbortController()
      controller = run
      set((state) => {
        state.currentRun = { active: true, total: 0, finished: 0, ...(target !== undefined ? { target } : {}) }
        state.shownRun = null
      })
      // After a cancel, a run started since owns the run state: what this one still reports is not shown.
      const superseded = () => controller !== run && get().currentRun.active
      const apply = (events: readonly NodeEvent[]) =>
        set((state) => {
          if (superseded()) return
          for (const event of events) {
            if (event.status === 'queued') state.currentRun.total++
            if (settled.has(event.status)) state.currentRun.finished++
            state.nodeRuns[event.nodeId] = afterEvent(state.nodeRuns[event.nodeId], event)
          }
        })
      // Progress comes as often as nodes report it, hundreds a second across a big run; the ticks of
      // one frame land as one store update. Any other event applies the waiting ticks first.
      const waitingProgress = new Map<string, NodeEvent>()
      let flushTimer: ReturnType<typeof setTimeout> | undefined
      const flushProgress = () => {
        clearTimeout(flushTimer)
        flushTimer = undefined
        if (waitingProgress.size === 0) return
        const ticks = [...waitingProgress.values()]
        waitingProgress.clear()
        apply(ticks)
      }
      const onEvent = (event: NodeEvent) => {
        if (event.status === 'running' && event.progress > 0 && event.progress < 1) {
          waitingProgress.set(event.nodeId, event)
          flushTimer ??= setTimeout(flushProgress, PROGRESS_FRAME_MS)
          return
        }
        flushProgress()
        apply([event])
      }
      const pool = await runPool(storage.settings)
      const record = await runPipeline(
        doc,
        { registry, results: storage.results, assets: storage.assets, remote: appRemoteAccess(storage), pool },
        { signal: run.signal, onEvent, ...(target !== undefined ? { target } : {}) },
      )
      flushProgress()
      const shown = !superseded()
      if (controller === run) controller = undefined
      set((state) => {
        if (!shown) return
        state.currentRun = { ...state.currentRun, active: false, last: summarizeRun(record) }
        // A refused plan names the nodes in the way: each shows why on itself.
        for (const issue of record.issues ?? []) {
          if (issue.nodeId === undefined) continue
          const current = state.nodeRuns[issue.nodeId] ?? idleRun
          state.nodeRuns[issue.nodeId] = { ...current, message: issue.message }
        }
      })
      await storage.runs.add(record).then(
        () =>
          set((state) => {
            state.runsRecorded++
          }),
        (error: unknown) => get().reportProblem(error),
      )
    },

    cancelRun() {
      if (!controller) return
      controller.abort()
      controller = undefined
      // The run ends here, whatever its nodes do: one that never stops must not keep Run disabled.
      set((state) => {
        state.currentRun.active = false
      })
    },

    dismissCost() {
      set((state) => {
        state.costToConfirm = null
      })
    },

    async showStoredResults() {
      const doc = get().doc
      const steps = plannableSteps(doc, registry)
      if (steps.length === 0) return
      const stored = await storage.results.getMany(steps.map((step) => step.cacheKey))
      // Edited, opened something else or started a run while the cache was read: these keys are old.
      if (get().doc !== doc || get().currentRun.active) return
      const storedOutputs = new Map(steps.flatMap((step, i) => (stored[i] ? [[step.node.id, stored[i]] as const] : [])))
      // A component node shows what its inner nodes feed its outputs, once all of them are stored.
      const instanceOutputs = [...expandComponents(doc).outputs].flatMap(([instance, sources]) => {
        const ports = Object.entries(sources).map(([port, source]) => [port, storedOutputs.get(source.node)?.[source.port]] as const)
        return ports.every(([, value]) => value !== undefined) ? [[instance, Object.fromEntries(ports) as Outputs] as const] : []
      })
      set((state) => {
        for (const [nodeId, outputs] of [...storedOutputs, ...instanceOutputs]) {
          const shown = state.nodeRuns[nodeId]
          // A node that ran, failed or was skipped since keeps what that run said.
          if (shown === undefined || shown.status === 'idle') state.nodeRuns[nodeId] = { ...idleRun, outputs }
        }
      })
    },

    async forgetEvictedResults() {
      const mediaOf = (run: NodeRun) => Object.values(run.outputs ?? {}).flatMap((value) => assetsIn(value))
      const hashes = new Set(Object.values(get().nodeRuns).flatMap((run) => mediaOf(run).map((ref) => ref.hash)))
      const present = new Set((await storage.assets.facts([...hashes])).map((facts) => facts.hash))
      set((state) => {
        for (const [id, run] of Object.entries(state.nodeRuns)) {
          if (mediaOf(run).some((ref) => !present.has(ref.hash))) state.nodeRuns[id] = idleRun
        }
      })
    },

    forgetRuns() {
      set((state) => {
        state.nodeRuns = emptyRecord()
        state.currentRun = { active: false, total: 0, finished: 0 }
        state.shownRun = null
      })
    },
  })
}

function totalUsd(calls: readonly ProviderCall[]): number {
  return calls.reduce((sum, call) => sum + (call.estimatedUsd ?? 0), 0)
}
