import { useStore } from 'zustand'
import type { EditorState } from './editor-state'
import { useEditorContext } from './use-editor-context'

/** A slice of the editor's state; the component re-renders only when the selected value changes. */
export function useEditorStore<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorContext().store, selector)
}
