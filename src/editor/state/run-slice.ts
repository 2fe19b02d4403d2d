import { assetsIn, runPipeline, storedResults, type NodeEvent, type NodeSpend, type SpendApproval } from '../../engine'
import { emptyRecord, type PipelineDoc } from '../../graph'
import { sayingWhatIsNotHere } from '../../document/absent-media'
import { budgetRefusal, mustAsk, spendSummary, type BudgetLeft, type ProviderCall, type ShotSpend } from '../../document/spend-summary'
import { appRemoteAccess } from '../../providers/proxied-access'
import { runPool } from '../../providers/run-pool'
import type { EditorServices, EditorSlice } from './editor-state'
import { afterEvent, idleRun, type NodeRun } from './node-run'
import { followProgress, startProgress, type RunProgress } from './run-progress'
import { summarizeRun, type RunSummary } from './run-summary'
import { followLog, keptLog, restoredLog, runNodeNamer, startLog, type SessionLog } from './run-log'

/** The run in progress, or what the last one did. */
export interface RunInfo {
  active: boolean
  /** The "Run to here" node, when the run is for one node and what feeds it. */
  target?: string
  /** How many nodes the run covers and how many have finished (run, cached, failed or skipped). */
  total: number
  finished: number
  last?: RunSummary
  /** Why the last Run did not start (the pipeline's budget has not enough left). */
  refusal?: string
  /** While it runs: shots, takes, jobs at once and time left, followed from its events. */
  progress?: RunProgress
}

/** Run state, by node id, so a progress tick re-renders one node and not the canvas. */
export interface RunSlice {
  /** Without a prototype: a node may be called `constructor` or `__proto__`. */
  nodeRuns: Record<string, NodeRun>
  currentRun: RunInfo
  /** How many runs this editor has recorded; the run history reads the records again as it grows. */
  runsRecorded: number
  /** What the nodes of the run in progress (or of the last one) reported, warned of and failed with. */
  runLog: SessionLog
  /** The run asked for while one was running: it starts when that one ends, with the document as it is then. */
  queuedRun: QueuedRun | null
  /** A run that would spend more than the settings allow without asking, waiting for a yes. */
  costToConfirm: CostToConfirm | null
  /**
   * Runs the pipeline, or with `target` that node and what feeds it. A run that may spend more than
   * the settings' limit, whose price is not all known before it, or that would send a workflow not
   * agreed to yet, waits in `costToConfirm` until it is started again with `confirmed` (that very
   * question, answered yes): it then spends at most what was asked. Asked while a run is going, it
   * queues one next run instead (a second ask while one is queued adds none).
   */
  startRun(target?: string, options?: { confirmed?: CostToConfirm }): Promise<void>
  dismissCost(): void
  /** Cancels the run in progress, and the run queued after it: Cancel means stop. */
  cancelRun(): void
  /** Takes back the queued run, leaving the one in progress to finish. */
  cancelQueuedRun(): void
  /**
   * Shows the cached results of the open document without marking anything as run, on the nodes
   * that show no result or an out-of-date one (after opening a document, an undo or a redo).
   */
  showStoredResults(): Promise<void>
  /** After opening a document: its last recorded run's log, so each node shows its newest line again. */
  showLastRunLog(): Promise<void>
  /** After media were evicted: a node whose shown result lost some of its media shows none. */
  forgetEvictedResults(): Promise<void>
  forgetRuns(): void
}

export interface QueuedRun {
  /** The "Run to here" node it was asked for, if any. */
  target?: string
  /** The pipeline open when it was asked for: with another one open by then, it does not start. */
  pipelineId: string
}

export interface CostToConfirm {
  /** The most the run can spend on the nodes priced before it: every take not yet in the cache, at the nodes' estimates. */
  estimatedUsd: number
  calls: ProviderCall[]
  /** The film's estimate shot by shot, cached shots free. */
  shots: ShotSpend[]
  /** Nodes priced only once the run has made their inputs: the run stops before each and asks again. */
  unpriced: NodeSpend[]
  /** What would be sent that has not been agreed to yet (a ComfyUI workflow from someone else). */
  approvals: SpendApproval[]
  /** By node id, what each may spend once this is agreed to. */
  allowance: Record<string, number>
  limitUsd: number
  target?: string
}

/** How long progress ticks wait to be shown together: one frame. */
const PROGRESS_FRAME_MS = 16

const settled = new Set(['cached', 'done', 'error', 'skipped', 'cancelled'])

export function createRunSlice(services: EditorServices): EditorSlice<RunSlice> {
  const { storage, registry } = services
  let controller: AbortController | undefined

  return (set, get) => {
    /** Runs once, as `startRun` describes, when no run is going. */
    async function runOnce(target: string | undefined, options: { confirmed?: CostToConfirm }): Promise<void> {
      const doc = get().doc
      // Marked before anything is awaited: a second press (a double-click) finds the run started.
      set((state) => {
        state.costToConfirm = null
        state.currentRun = { active: true, total: 0, finished: 0, progress: startProgress(), ...(target !== undefined ? { target } : {}) }
        state.shownRun = null
      })
      const run = new AbortController()
      controller = run
      // After a cancel, a run started since owns the run state: what this one still reports is not shown.
      const superseded = () => controller !== run && get().currentRun.active
      const remote = appRemoteAccess(storage, doc.id)
      let spend: { allowance: Map<string, number>; approved: Set<string> }
      let pool: Awaited<ReturnType<typeof runPool>>
      let budget: BudgetLeft | undefined
      // Refused before it starts: the run bar says why, nothing was sent.
      const refuse = (why: string) => {
        if (controller === run) controller = undefined
        set((state) => {
          state.currentRun = { ...state.currentRun, active: false, refusal: why }
        })
        get().say(why)
      }
      try {
        const settings = await storage.settings.get()
        budget = doc.budgetUsd === undefined ? undefined : { capUsd: doc.budgetUsd, spentUsd: await storage.jobs.spentUsd(doc.id) }
        const approved = new Set(settings.approvals ?? [])
        const { confirmed } = options
        if (confirmed) {
          // Agreed to: a workflow once and for all, the spending for this run.
          const added = confirmed.approvals.map((approval) => approval.id).filter((id) => !approved.has(id))
          if (added.length > 0) await storage.settings.update({ approvals: [...approved, ...added] })
          for (const id of added) approved.add(id)
          spend = { allowance: new Map(Object.entries(confirmed.allowance)), approved }
          const over = budgetRefusal(confirmed.estimatedUsd, budget)
          if (over) return refuse(over)
        } else {
          const summary = await spendSummary(doc, { registry, results: storage.results, assets: storage.assets, remote }, { ...(target !== undefined ? { target } : {}), approved })
          const over = budgetRefusal(summary.totalUsd, budget)
          if (over) return refuse(over)
          if (mustAsk(summary, settings.confirmRunsAboveUsd)) {
            const { calls, shots, unpriced, approvals, allowance, totalUsd } = summary
            if (controller === run) controller = undefined
            set((state) => {
              state.currentRun = { ...state.currentRun, active: false }
              state.costToConfirm = { estimatedUsd: totalUsd, calls, shots, unpriced, approvals, allowance, limitUsd: settings.confirmRunsAboveUsd, ...(target !== undefined ? { target } : {}) }
            })
            return
          }
          spend = { allowance: new Map(Object.entries(summary.allowance)), approved }
        }
        pool = await runPool(storage.settings)
      } catch (error) {
        if (controller === run) controller = undefined
        set((state) => {
          state.currentRun = { ...state.currentRun, active: false }
        })
        get().reportProblem(error)
        return
      }
      // Cancelled while the cost was worked out: nothing has started, nothing will.
      if (controller !== run) return
      // The record keeps this run's own log, whatever a run started after a cancel shows meanwhile.
      const nameOf = runNodeNamer(doc, registry)
      const ownLog = startLog()
      set((state) => {
        state.runLog = startLog()
      })
      const apply = (events: readonly NodeEvent[]) => {
        const now = Date.now()
        for (const event of events) followLog(ownLog, event, now, nameOf)
        set((state) => {
          if (superseded()) return
          for (const event of events) {
            followLog(state.runLog, event, now, nameOf)
            if (state.currentRun.progress) followProgress(state.currentRun.progress, event, now)
            if (event.status === 'queued') state.currentRun.total++
            if (settled.has(event.status)) state.currentRun.finished++
            state.nodeRuns[event.nodeId] = afterEvent(state.nodeRuns[event.nodeId], event)
          }
        })
      }
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
          // An item's ticks are kept apart from its neighbours': each says which shot is being made.
          waitingProgress.set(event.item === undefined ? event.nodeId : `${event.nodeId}\u0000${event.item}`, event)
          flushTimer ??= setTimeout(flushProgress, PROGRESS_FRAME_MS)
          return
        }
        flushProgress()
        apply([event])
      }
      const record = await runPipeline(
        doc,
        { registry, results: storage.results, assets: sayingWhatIsNotHere(storage.assets, doc), remote, pool },
        { signal: run.signal, onEvent, spend, ...(target !== undefined ? { target } : {}), ...(budget ? { budget: budgetDuring(doc, budget, () => get().doc) } : {}) },
      )
      flushProgress()
      // A refused plan names the nodes in the way: each says why in the log too.
      const refusedAt = Date.now()
      for (const issue of record.issues ?? []) {
        if (issue.nodeId !== undefined) followLog(ownLog, { nodeId: issue.nodeId, status: 'error', message: issue.message }, refusedAt, nameOf)
      }
      const shown = !superseded()
      if (controller === run) controller = undefined
      set((state) => {
        if (!shown) return
        state.currentRun = { ...state.currentRun, active: false, last: summarizeRun(record) }
        delete state.currentRun.progress
        // A refused plan names the nodes in the way: each shows why on itself.
        for (const issue of record.issues ?? []) {
          if (issue.nodeId === undefined) continue
          const current = state.nodeRuns[issue.nodeId] ?? idleRun
          state.nodeRuns[issue.nodeId] = { ...current, message: issue.message }
          followLog(state.runLog, { nodeId: issue.nodeId, status: 'error', message: issue.message }, refusedAt, nameOf)
        }
      })
      await storage.runs.add({ ...record, log: keptLog(ownLog) }).then(
        () =>
          set((state) => {
            state.runsRecorded++
          }),
        (error: unknown) => get().reportProblem(error),
      )
    }

    /** The queued run, once the run before it has ended, on the pipeline it was asked for. */
    async function startQueued(): Promise<void> {
      const queued = get().queuedRun
      if (!queued || get().currentRun.active) return
      set((state) => {
        state.queuedRun = null
      })
      if (queued.pipelineId !== get().doc.id) return
      await get().startRun(queued.target)
    }

    return {
      nodeRuns: emptyRecord(),
      currentRun: { active: false, total: 0, finished: 0 },
      runsRecorded: 0,
      runLog: startLog(),
      queuedRun: null,
      costToConfirm: null,

      async startRun(target, options = {}) {
        if (get().currentRun.active) {
          const pipelineId = get().doc.id
          set((state) => {
            state.queuedRun ??= { pipelineId, ...(target !== undefined ? { target } : {}) }
          })
          return
        }
        await runOnce(target, options)
        await startQueued()
      },

      cancelRun() {
        if (!controller) return
        controller.abort()
        controller = undefined
        // The run ends here, whatever its nodes do: one that never stops must not keep Run disabled.
        set((state) => {
          state.currentRun.active = false
          state.queuedRun = null
        })
      },

      cancelQueuedRun() {
        set((state) => {
          state.queuedRun = null
        })
      },

      dismissCost() {
        set((state) => {
          state.costToConfirm = null
        })
      },

      async showStoredResults() {
        const doc = get().doc
        const stored = await storedResults(doc, { registry, results: storage.results, assets: storage.assets })
        // Edited, opened something else or started a run while the cache was read: these keys are old.
        if (get().doc !== doc || get().currentRun.active) return
        set((state) => {
          for (const [nodeId, { outputs, items }] of stored) {
            const shown = state.nodeRuns[nodeId]
            // A node that ran, failed or was skipped since keeps what that run said.
            if (shown !== undefined && shown.status !== 'idle') continue
            state.nodeRuns[nodeId] = {
              ...idleRun,
              ...(outputs ? { outputs } : {}),
              // An item not stored yet runs with the next run: shown as waiting for it.
              ...(items ? { items: items.map((item) => (item.outputs ? { key: item.key, status: 'cached', outputs: item.outputs } : { key: item.key, status: 'queued' })) } : {}),
            }
          }
        })
      },

      async showLastRunLog() {
        const pipelineId = get().doc.id
        const [record] = await storage.runs.recent(pipelineId, 1)
        // Opened something else or ran meanwhile: what is shown now is newer than the record.
        const { doc, currentRun } = get()
        if (!record?.log || doc.id !== pipelineId || currentRun.active || currentRun.last !== undefined) return
        const log = restoredLog(record.log, record.startedAt)
        set((state) => {
          state.runLog = log
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
          state.runLog = startLog()
          state.queuedRun = null
        })
      },
    }
  }
}

/**
 * What the pipeline's budget has left as a paid node or item of the run starts: its cap read from the
 * open document then, so a budget lowered (or taken away) during the run holds from that moment; with
 * another pipeline opened meanwhile, the run keeps the cap it started with.
 */
function budgetDuring(started: PipelineDoc, { capUsd, spentUsd }: BudgetLeft, open: () => PipelineDoc): { leftUsd(): number } {
  return {
    leftUsd: () => {
      const doc = open()
      const cap = doc.id === started.id ? doc.budgetUsd : capUsd
      return cap === undefined ? Number.POSITIVE_INFINITY : cap - spentUsd
    },
  }
}
