import type { NodeTypes } from '@xyflow/react'
import { PipelineNodeView } from './PipelineNodeView'

/** Defined once, outside render, so React Flow never remounts the nodes. */
export const nodeTypes: NodeTypes = { pipeline: PipelineNodeView }
