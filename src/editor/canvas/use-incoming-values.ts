import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Value } from '../../engine'
import { useEditorStore } from '../state/use-editor-store'

/**
 * The values reaching a node's inputs, from the results of the nodes linked into it: what a node
 * without outputs (a preview) shows. The links into the node are found once per change of links,
 * so a progress tick elsewhere costs a few lookups here, not a walk over every link.
 */
export function useIncomingValues(nodeId: string): Value[] {
  const edges = useEditorStore((state) => state.levelDoc.edges)
  const sources = useMemo(() => edges.filter((edge) => edge.to.node === nodeId).map((edge) => edge.from), [edges, nodeId])
  return useEditorStore(
    useShallow((state) => {
      const values: Value[] = []
      for (const source of sources) {
        const value = state.nodeRuns[source.node]?.outputs?.[source.port]
        if (value !== undefined) values.push(value)
      }
      return values
    }),
  )
}
