import type { StateCreator } from 'zustand'
import type { NodeRegistry } from '../../engine'
import type { Storage } from '../../storage'
import type { DockSlice } from './dock-slice'
import type { AppearanceSlice } from './appearance-slice'
import type { DocumentSlice } from './document-slice'
import type { LibrarySlice } from './library-slice'
import type { GroupsAndNotesSlice } from './groups-and-notes-slice'
import type { RunSlice } from './run-slice'
import type { SelectionSlice } from './selection-slice'
import type { ViewSlice } from './view-slice'

/** Everything one editor knows: the document, what is selected, what the last run did, the library. */
export type EditorState = DocumentSlice & SelectionSlice & RunSlice & LibrarySlice & ViewSlice & DockSlice & GroupsAndNotesSlice & AppearanceSlice

/** One slice of the editor store, written with immer drafts. */
export type EditorSlice<T> = StateCreator<EditorState, [['zustand/immer', never]], [], T>

/** What the store's actions work with: where things are kept and which node types exist. */
export interface EditorServices {
  storage: Storage
  registry: NodeRegistry
}
