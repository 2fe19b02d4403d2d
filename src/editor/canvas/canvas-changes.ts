import type { EdgeChange, NodeChange } from '@xyflow/react'
import type { NodeMove } from '../../app/store/document-slice'
import type { EditorState } from '../../app/store/editor-state'
import type { PipelineFlowEdge, PipelineFlowNode } from '../../app/store/flow-view'

/**
 * Writes what happened on the canvas back where it belongs: positions into the document, sizes
 * and selection into the view. Removal goes through the delete action, never through here.
 */
export function applyNodeChanges(state: EditorState, changes: NodeChange<PipelineFlowNode>[]): void {
  const moves: NodeMove[] = []
  let dragging = false
  for (const change of changes) {
    if (change.type === 'position' && change.position) {
      moves.push({ nodeId: change.id, position: change.position })
      dragging ||= change.dragging === true
    } else if (change.type === 'dimensions' && change.dimensions) state.setSize(change.id, change.dimensions)
    else if (change.type === 'select') state.setSelected('nodes', change.id, change.selected)
  }
  // The nodes dragged together move as one edit, so a drag of several is still one undo step.
  if (moves.length > 0) state.moveNodes(moves, dragging)
}

export function applyEdgeChanges(state: EditorState, changes: EdgeChange<PipelineFlowEdge>[]): void {
  for (const change of changes) {
    if (change.type === 'select') state.setSelected('links', change.id, change.selected)
  }
}
