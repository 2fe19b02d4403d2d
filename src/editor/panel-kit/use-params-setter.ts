import { useCallback } from 'react'
import { useEditorStore } from '../state/use-editor-store'

/** Sets several of this node's params at once, as one undo step. */
export function useParamsSetter(nodeId: string): (values: Readonly<Record<string, unknown>>) => void {
  const setParams = useEditorStore((state) => state.setParams)
  return useCallback((values) => setParams(nodeId, values), [nodeId, setParams])
}
