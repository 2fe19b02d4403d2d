import { useContext } from 'react'
import { EditorContext, type EditorContextValue } from './context'

/** The editor this component is inside: its store, storage and node types. */
export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext)
  if (!value) throw new Error('this component must be inside an <EditorProvider>')
  return value
}
