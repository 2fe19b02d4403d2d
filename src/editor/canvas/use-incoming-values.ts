import { useShallow } from 'zustand/react/shallow'
import type { Value } from '../../engine'
import { useEditorStore } from '../../app/store/use-editor-store'

/**
 * The values reaching a node's inputs, from the results of the nodes linked into it: what a node
 * without outputs (a preview) shows.
 */
export function useIncomingValues(nodeId: string): Value[] {
  return useEditorStore(
    useShallow((state) => {
      const values: Value[] = []
      for (const edge of state.doc.edges) {
        if (edge.to.node !== nodeId) continue
        const value = state.nodeRuns[edge.from.node]?.outputs?.[edge.from.port]
        if (value !== undefined) values.push(value)
      }
      return values
    }),
  )
}
