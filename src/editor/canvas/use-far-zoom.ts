import { useStore, type ReactFlowState } from '@xyflow/react'

/**
 * Below this zoom a node's 12 px text is under 4 px on screen: unreadable, yet painting it (and
 * every panel and thumbnail) is most of what a frame costs with a whole large pipeline in view.
 */
export const FAR_ZOOM = 0.35

const isFar = (state: ReactFlowState): boolean => state.transform[2] < FAR_ZOOM

/** Whether the canvas is zoomed out past reading; a node re-renders only when the zoom crosses the line. */
export function useFarZoom(): boolean {
  return useStore(isFar)
}
