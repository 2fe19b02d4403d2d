import type { ReactNode } from 'react'
import { EditorContext, type EditorContextValue } from './context'

/** Hands one editor's store and services to everything inside it. */
export function EditorProvider({ value, children }: { value: EditorContextValue; children: ReactNode }) {
  return <EditorContext.Provider value={value}>{children}</EditorContext.Provider>
}
