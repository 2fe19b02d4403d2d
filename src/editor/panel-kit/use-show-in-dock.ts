import { useCallback } from 'react'
import type { DockPanel } from '../state/dock-slice'
import { useEditorContext } from '../state/use-editor-context'

/** Selects this node and opens a dock panel on it (its timeline, say), leaving the dock open if it already shows that panel. */
export function useShowInDock(nodeId: string, panel: DockPanel): () => void {
  const { store } = useEditorContext()
  return useCallback(() => {
    const state = store.getState()
    state.selectOnly(nodeId)
    if (state.dock !== panel) state.toggleDock(panel)
  }, [store, nodeId, panel])
}
