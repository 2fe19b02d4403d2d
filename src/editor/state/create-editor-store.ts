import { createStore, type StoreApi } from 'zustand/vanilla'
import { immer } from 'zustand/middleware/immer'
import type { PipelineDoc } from '../../graph'
import { createDockSlice } from './dock-slice'
import { createAppearanceSlice } from './appearance-slice'
import { createDocumentSlice } from './document-slice'
import type { EditorServices, EditorState } from './editor-state'
import { createLibrarySlice } from './library-slice'
import { createGroupsAndNotesSlice } from './groups-and-notes-slice'
import { createRunSlice } from './run-slice'
import { createSelectionSlice } from './selection-slice'
import { createViewSlice } from './view-slice'

/** One editor's store; `close()` stops its autosave. */
export type EditorStore = StoreApi<EditorState> & { close(): void }

/** How long the document rests after an edit before it is saved: a drag saves once, at its end. */
const AUTOSAVE_DELAY_MS = 300
/** A failed save (a full disk, say) is tried again after this long, and at every edit. */
const SAVE_RETRY_MS = 5000

/**
 * One store per editor: the document, the selection, the run state and the library, with the
 * document saved on every change. `close()` stops the autosave.
 */
export function createEditorStore(services: EditorServices, doc: PipelineDoc): EditorStore {
  const store = createStore<EditorState>()(
    immer((...args) => ({
      ...createDocumentSlice(services, doc)(...args),
      ...createSelectionSlice(...args),
      ...createRunSlice(services)(...args),
      ...createLibrarySlice(services)(...args),
      ...createViewSlice(...args),
      ...createDockSlice(...args),
      ...createGroupsAndNotesSlice(...args),
      ...createAppearanceSlice(services)(...args),
    })),
  )
  store.setState({ savedDoc: doc })
  const stopAutosave = autosave(store)
  return { ...store, close: stopAutosave }
}

function autosave(store: StoreApi<EditorState>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const schedule = (delay: number) => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      void store
        .getState()
        .saveDocument()
        .then(() => {
          if (store.getState().saveError !== null) schedule(SAVE_RETRY_MS)
        })
    }, delay)
  }
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.doc !== previous.doc && state.doc !== state.savedDoc) schedule(AUTOSAVE_DELAY_MS)
  })
  return () => {
    clearTimeout(timer)
    unsubscribe()
  }
}
