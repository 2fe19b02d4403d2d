import { useCallback } from 'react'
import { useEditorStore } from '../state/use-editor-store'

/**
 * Opens this node large in the dock's preview (a node type's `DockPanel`, say its whole table):
 * selects the node alone and shows the preview, leaving it open when it already is.
 */
export function useOpenInDock(nodeId: string): () => void {
  const selectOnly = useEditorStore((state) => state.selectOnly)
  const toggleDock = useEditorStore((state) => state.toggleDock)
  const dock = useEditorStore((state) => state.dock)
  return useCallback(() => {
    selectOnly(nodeId)
    if (dock !== 'preview') toggleDock('preview')
  }, [nodeId, selectOnly, toggleDock, dock])
}
