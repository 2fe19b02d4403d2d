import { createContext } from 'react'
import type { EditorServices } from './editor-state'
import type { EditorStore } from './create-editor-store'

/** One editor's store and services, handed down to its components (never a module-level singleton). */
export interface EditorContextValue extends EditorServices {
  store: EditorStore
}

export const EditorContext = createContext<EditorContextValue | null>(null)
