import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { isAssetRef, type AssetRef } from '../../engine'
import { useEditorStore } from '../state/use-editor-store'
import { useLinkedSourceNames } from '../canvas/use-linked-sources'

/** One link into the sequence's `clips`, in link order: the clip when its node has run. */
export interface LinkedClip {
  name: string
  clip?: AssetRef
}

/**
 * The clips reaching a sequence, one per link in link order (the order the `clips` param's entries
 * follow), each with its result when the node it comes from has one.
 */
export function useLinkedClips(nodeId: string): LinkedClip[] {
  const names = useLinkedSourceNames(nodeId, 'clips')
  const clips = useEditorStore(
    useShallow((state) =>
      state.levelDoc.edges
        .filter((edge) => edge.to.node === nodeId && edge.to.port === 'clips')
        .map((edge) => {
          const value = state.nodeRuns[edge.from.node]?.outputs?.[edge.from.port]
          return isAssetRef(value) && value.kind === 'video' ? value : undefined
        }),
    ),
  )
  // The same list while neither the links nor their results change, so the cut is not worked out again.
  return useMemo(() => clips.map((clip, link) => ({ name: clip?.meta.name ?? names[link] ?? `clip ${link + 1}`, clip })), [clips, names])
}
