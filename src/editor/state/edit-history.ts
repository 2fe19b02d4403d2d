import type { Patch } from 'immer'

/** One undoable step: the patches that made it and the ones that take it back. */
export interface HistoryStep {
  patches: Patch[]
  inversePatches: Patch[]
}

/**
 * When an edit joins the step before it instead of making its own: same `key`, the step not sealed,
 * and (with `pauseMs`) no longer than that since the step's last edit. A drag is one key sealed at
 * its end; typing in a field is a key per field with a pause.
 */
export interface Coalesce {
  key: string
  pauseMs?: number
}

interface RecordedStep extends HistoryStep {
  key?: string
  lastEditAt: number
  sealed: boolean
}

/** How many steps can be undone and redone, for the buttons. */
export interface HistoryCounts {
  undoable: number
  redoable: number
}

/** The undo and redo stacks of one document, bounded to the newest `limit` steps. */
export interface EditHistory {
  record(step: HistoryStep, coalesce: Coalesce | undefined, now: number): void
  /** Ends the step on top, so the next edit makes a new one even with the same key. */
  seal(): void
  /** The step to take back, moved onto the redo stack. */
  undo(): HistoryStep | undefined
  /** The step to do again, moved back onto the undo stack. */
  redo(): HistoryStep | undefined
  clear(): void
  counts(): HistoryCounts
}

export function createEditHistory(limit: number): EditHistory {
  let past: RecordedStep[] = []
  let future: RecordedStep[] = []

  return {
    record(step, coalesce, now) {
      future = []
      const top = past.at(-1)
      const joins =
        top !== undefined &&
        coalesce !== undefined &&
        !top.sealed &&
        top.key === coalesce.key &&
        (coalesce.pauseMs === undefined || now - top.lastEditAt <= coalesce.pauseMs)
      if (joins) {
        top.patches = [...top.patches, ...step.patches]
        // Taking the step back undoes its newest edit first.
        top.inversePatches = [...step.inversePatches, ...top.inversePatches]
        top.lastEditAt = now
        return
      }
      if (top) top.sealed = true
      past.push({ ...step, ...(coalesce ? { key: coalesce.key } : {}), lastEditAt: now, sealed: coalesce === undefined })
      if (past.length > limit) past = past.slice(past.length - limit)
    },

    seal() {
      const top = past.at(-1)
      if (top) top.sealed = true
    },

    undo() {
      const step = past.pop()
      if (!step) return undefined
      step.sealed = true
      future.push(step)
      return step
    },

    redo() {
      const step = future.pop()
      if (!step) return undefined
      past.push(step)
      return step
    },

    clear() {
      past = []
      future = []
    },

    counts() {
      return { undoable: past.length, redoable: future.length }
    },
  }
}
