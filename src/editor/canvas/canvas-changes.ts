import type { EdgeChange, NodeChange } from '@xyflow/react'
import type { EditorState } from '../../app/store/editor-state'
import type { PipelineFlowEdge, PipelineFlowNode } from '../../app/store/flow-view'

/**
 * Writes what happened on the canvas back where it belongs: positions into the document, sizes
 * and selection into the view. Removal goes through the delete action, never through here.
 */
export function applyNodeChanges(state: EditorState, changes: NodeChange<PipelineFlowNode>[]): void {
  for (const change of changes) {
    if (change.type === 'position' && change.position) state.moveNode(change.id, change.position)
    else if (change.type === 'dimensions' && change.dimensions) state.setSize(change.id, change.dimensions)
    else if (change.type === 'select') state.setSelected('nodes', change.id, change.selected)
  }
}

export function applyEdgeChanges(state: EditorState, changes: EdgeChange<PipelineFlowEdge>[]): void {
  for (const change of changes) {
    if (change.type === 'select') state.setSelected('links', change.id, change.selected)
  }
}
