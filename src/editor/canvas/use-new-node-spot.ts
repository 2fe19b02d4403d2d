import { useCallback } from 'react'
import { useStoreApi, type XYPosition } from '@xyflow/react'
import { useEditorContext } from '../state/use-editor-context'
import { freeSpot, NEW_NODE_SIZE } from './free-spot'

/**
 * Where a node goes when it is not dropped somewhere (palette click, paste): the middle of what the
 * canvas shows, moved along until it covers no other node.
 */
export function useNewNodeSpot(): () => XYPosition {
  const flow = useStoreApi()
  const { store } = useEditorContext()
  return useCallback(() => {
    const { width, height, transform } = flow.getState()
    const [x, y, zoom] = transform
    const centre = {
      x: (width / 2 - x) / zoom - NEW_NODE_SIZE.width / 2,
      y: (height / 2 - y) / zoom - NEW_NODE_SIZE.height / 2,
    }
    const { doc, sizes } = store.getState()
    return freeSpot(doc.nodes, sizes, centre)
  }, [flow, store])
}
