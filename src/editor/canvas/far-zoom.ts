import { getViewportForBounds, type ReactFlowState } from '@xyflow/react'
import type { PipelineDoc, Size } from '../../graph'
import { NEW_NODE_SIZE } from '../state/free-spot'

/**
 * Below this zoom a node's 12 px text is under 2.4 px on screen: unreadable, yet painting it (and
 * every panel and thumbnail) is most of what a frame costs with a whole large pipeline in view, so
 * the canvas shows the overview (PipelineOverview) instead. Below the ~0.3 at which a small
 * pipeline (the default one) fits a laptop screen, so its usual overview keeps full nodes.
 */
export const FAR_ZOOM = 0.2

/** Whether React Flow's viewport is zoomed out past reading. */
export const isFarZoom = (state: ReactFlowState): boolean => state.transform[2] < FAR_ZOOM

/**
 * Whether fitting the pipeline into a view of `width` × `height` lands below FAR_ZOOM, sizing nodes
 * not yet measured as new ones. Asked of the window (the most room the canvas can have), a yes holds
 * for the canvas too.
 */
export function fitsOnlyFarOut(doc: PipelineDoc, sizes: Readonly<Record<string, Size>>, width: number, height: number, padding: number): boolean {
  if (doc.nodes.length === 0) return false
  const boxes = doc.nodes.map((node) => ({ ...node.position, ...(sizes[node.id] ?? NEW_NODE_SIZE) }))
  const left = Math.min(...boxes.map((box) => box.x))
  const top = Math.min(...boxes.map((box) => box.y))
  const right = Math.max(...boxes.map((box) => box.x + box.width))
  const bottom = Math.max(...boxes.map((box) => box.y + box.height))
  return getViewportForBounds({ x: left, y: top, width: right - left, height: bottom - top }, width, height, 0, 1, padding).zoom < FAR_ZOOM
}
