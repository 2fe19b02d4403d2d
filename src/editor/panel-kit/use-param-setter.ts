import { useCallback } from 'react'
import { useEditorStore } from '../state/use-editor-store'

/**
 * Sets one of this node's params as the inspector does: one undo step per change, and the node
 * and what depends on it go stale.
 */
export function useParamSetter(nodeId: string): (param: string, value: unknown) => void {
  const setParam = useEditorStore((state) => state.setParam)
  return useCallback((param, value) => setParam(nodeId, param, value), [nodeId, setParam])
}
