import { createContext, useContext, type ReactNode } from 'react'
import { useStore, type ReactFlowState } from '@xyflow/react'

/**
 * Below this zoom a node's 12 px text is under 2.4 px on screen: unreadable, yet painting it (and
 * every panel and thumbnail) is most of what a frame costs with a whole large pipeline in view.
 * Below the ~0.3 at which a small pipeline (the default one) fits a laptop screen, so its usual
 * overview keeps full nodes.
 */
export const FAR_ZOOM = 0.2

const isFar = (state: ReactFlowState): boolean => state.transform[2] < FAR_ZOOM

const FarZoomContext = createContext(false)

/**
 * Watches the zoom once for the whole canvas, not once per node: with a thousand nodes, a thousand
 * store subscriptions more would each be called on every step of a drag. Its children (ReactFlow)
 * keep their element, so crossing the line re-renders only the nodes that read it.
 */
export function FarZoomProvider({ children }: { children: ReactNode }) {
  return <FarZoomContext value={useStore(isFar)}>{children}</FarZoomContext>
}

/** Whether the canvas is zoomed out past reading. */
export function useFarZoom(): boolean {
  return useContext(FarZoomContext)
}
