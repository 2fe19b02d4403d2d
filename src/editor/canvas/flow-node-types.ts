import type { NodeTypes } from '@xyflow/react'
import { GroupFrame } from './GroupFrame'
import { PipelineNodeView } from './PipelineNodeView'
import { StickyNote } from './StickyNote'

/** Defined once, outside render, so React Flow never remounts the nodes. */
export const nodeTypes: NodeTypes = { pipeline: PipelineNodeView, 'group-frame': GroupFrame, note: StickyNote, 'overview-bounds': OverviewBounds }

/** Nothing to see on the canvas itself: the overview draws the pipeline; the minimap draws this node. */
function OverviewBounds() {
  return null
}
