import type { RecordedRun } from '../../storage'
import type { EditorSlice } from './editor-state'

/** What the dock under the canvas shows. */
export type DockPanel = 'preview' | 'timeline' | 'runs' | 'dailies' | 'log'

/** The dock under the canvas (the selected node's preview, a sequence's timeline, the run history, the Dailies, the run's log) and a past run shown on the canvas. */
export interface DockSlice {
  dock: DockPanel | null
  /** A past run whose node states the canvas shows beside the current ones, until the person goes back. */
  shownRun: RecordedRun | null
  /** The node whose lines the log panel shows, or null for every node's. */
  logNode: string | null
  /** Opens the panel, or closes the dock when that panel is already open. */
  toggleDock(panel: DockPanel): void
  closeDock(): void
  /** `null` goes back to the current state. */
  showRun(record: RecordedRun | null): void
  /** Opens the log panel, showing one node's lines (by run-state id) or, with null, every node's. */
  showLog(nodeId: string | null): void
}

export const createDockSlice: EditorSlice<DockSlice> = (set) => ({
  dock: null,
  shownRun: null,
  logNode: null,

  toggleDock(panel) {
    set((state) => {
      state.dock = state.dock === panel ? null : panel
    })
  },

  closeDock() {
    set((state) => {
      state.dock = null
      state.shownRun = null
    })
  },

  showRun(record) {
    set((state) => {
      state.shownRun = record
    })
  },

  showLog(nodeId) {
    set((state) => {
      state.dock = 'log'
      state.logNode = nodeId
    })
  },
})
