import type { ReactFlowState } from '@xyflow/react'

/**
 * Below this zoom a node's 12 px text is under 2.4 px on screen: unreadable, yet painting it (and
 * every panel and thumbnail) is most of what a frame costs with a whole large pipeline in view, so
 * the canvas shows the overview (PipelineOverview) instead. Below the ~0.3 at which a small
 * pipeline (the default one) fits a laptop screen, so its usual overview keeps full nodes.
 */
export const FAR_ZOOM = 0.2

/** Whether React Flow's viewport is zoomed out past reading. */
export const isFarZoom = (state: ReactFlowState): boolean => state.transform[2] < FAR_ZOOM
