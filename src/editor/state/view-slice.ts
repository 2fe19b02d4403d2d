import { emptyRecord, type PortRef, type Position } from '../../graph'
import type { EditorSlice } from './editor-state'
import type { ImportOutcome } from './library-slice'

export type DialogName = 'pipelines' | 'import' | 'shortcuts' | 'templates' | 'history' | 'provider-keys' | 'storage' | 'search' | 'link-from' | 'budget'

/** The graph, or a template's simple form: its inputs and Run, without the graph. */
export type ViewMode = 'graph' | 'simple'

/** A short message near the canvas: why a link was refused, what a drop or paste did wrong. */
export interface Notice {
  id: number
  message: string
}

/**
 * What the search palette opens with: where a node it adds goes (a right-click's spot, the end of a
 * dragged link), and the port a link was dragged from, which the added node is linked to.
 */
export interface SearchSeed {
  at?: Position
  linkFrom?: { port: PortRef; side: 'output' | 'input' }
}

/** State of the editor's view that is not part of the document. */
/** What an import did, for the import dialog; `source` is kept so a large bundle can be opened once the person agrees. */
export interface ImportReportState {
  file: string
  outcome: ImportOutcome
  source?: File
}

export interface ViewSlice {
  /** Node sizes as the canvas measured them; React Flow needs them back on every node it is given. */
  sizes: Record<string, { width: number; height: number }>
  dialog: DialogName | null
  /** Set while the search palette is open from a spot or a dragged link. */
  searchSeed: SearchSeed | null
  /** Opens the search palette to add a node at a spot, linked to the port a link was dragged from. */
  openSearch(seed: SearchSeed): void
  notice: Notice | null
  mode: ViewMode
  setMode(mode: ViewMode): void
  /** What the last import opened with or why it was refused, shown in the import dialog until it closes. */
  importReport: ImportReportState | null
  showImportReport(report: ImportReportState): void
  setSize(nodeId: string, size: { width: number; height: number }): void
  /** Many nodes' sizes as one update: a thousand nodes measured at once re-render the canvas once. */
  setSizes(sizes: Readonly<Record<string, { width: number; height: number }>>): void
  openDialog(dialog: DialogName): void
  closeDialog(): void
  say(message: string): void
  dismissNotice(id: number): void
}

export const createViewSlice: EditorSlice<ViewSlice> = (set, get) => {
  let noticeCount = 0
  return {
    sizes: emptyRecord(),
    dialog: null,
    searchSeed: null,
    notice: null,
    mode: 'graph',
    importReport: null,

    showImportReport(report) {
      set((state) => {
        state.importReport = report
        state.dialog = 'import'
      })
    },

    setMode(mode) {
      set((state) => {
        state.mode = mode
      })
    },

    setSize(nodeId, size) {
      get().setSizes({ [nodeId]: size })
    },

    setSizes(sizes) {
      set((state) => {
        for (const [nodeId, size] of Object.entries(sizes)) {
          const known = state.sizes[nodeId]
          if (known && known.width === size.width && known.height === size.height) continue
          state.sizes[nodeId] = { width: size.width, height: size.height }
        }
      })
    },

    openDialog(dialog) {
      set((state) => {
        state.dialog = dialog
        state.searchSeed = null
      })
    },

    openSearch(seed) {
      set((state) => {
        state.dialog = 'search'
        state.searchSeed = seed
      })
    },

    closeDialog() {
      set((state) => {
        state.dialog = null
        state.importReport = null
        state.searchSeed = null
      })
    },

    say(message) {
      set((state) => {
        state.notice = { id: ++noticeCount, message }
      })
    },

    dismissNotice(id) {
      set((state) => {
        if (state.notice?.id === id) state.notice = null
      })
    },
  }
}
