import type { RunRecord } from '../../engine'
import type { EditorSlice } from './editor-state'

/** What the dock under the canvas shows. */
export type DockPanel = 'preview' | 'timeline' | 'runs' | 'dailies'

/** The dock under the canvas (the selected node's preview, a sequence's timeline, the run history, the Dailies) and a past run shown on the canvas. */
export interface DockSlice {
  dock: DockPanel | null
  /** A past run whose node states the canvas shows beside the current ones, until the person goes back. */
  shownRun: RunRecord | null
  /** Opens the panel, or closes the dock when that panel is already open. */
  toggleDock(panel: DockPanel): void
  closeDock(): void
  /** `null` goes back to the current state. */
  showRun(record: RunRecord | null): void
}

export const createDockSlice: EditorSlice<DockSlice> = (set) => ({
  dock: null,
  shownRun: null,

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
})
