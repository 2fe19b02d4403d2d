import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { isShot, type ShotValue, type Value } from '../../engine'
import { useEditorStore } from '../state/use-editor-store'

/**
 * The shots a script sends to the nodes this node feeds (a shot list linked into the same prompt
 * as a reference), from the last results the editor holds; undefined while none are known (no shot
 * list beside it, or it has not run or been read from the cache yet).
 */
export function useShotsBeside(nodeId: string): ShotValue[] | undefined {
  const edges = useEditorStore((state) => state.levelDoc.edges)
  const sources = useMemo(() => {
    const fed = new Set(edges.filter((edge) => edge.from.node === nodeId).map((edge) => edge.to.node))
    return edges.filter((edge) => fed.has(edge.to.node) && edge.from.node !== nodeId).map((edge) => edge.from)
  }, [edges, nodeId])
  const values = useEditorStore(useShallow((state) => sources.map((source) => state.nodeRuns[source.node]?.outputs?.[source.port])))
  return useMemo(() => {
    const shots = values.flatMap((value: Value | undefined) => (Array.isArray(value) ? value : value === undefined ? [] : [value])).filter(isShot)
    return shots.length > 0 ? shots : undefined
  }, [values])
}
