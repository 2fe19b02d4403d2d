import { useCallback } from 'react'
import { useStoreApi, type XYPosition } from '@xyflow/react'
import { useEditorContext } from '../state/use-editor-context'
import { canvasObstacles } from '../state/groups-and-notes'
import { freeSpot, NEW_NODE_SIZE } from '../state/free-spot'

/**
 * Where a node goes when it is not dropped somewhere (palette click, paste): the middle of what the
 * canvas shows, or the nearest spot to it that covers no node, group or note.
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
    const { levelDoc, sizes } = store.getState()
    return freeSpot(canvasObstacles(levelDoc, sizes), centre)
  }, [flow, store])
}
