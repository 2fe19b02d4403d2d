import type { EdgeChange, NodeChange, XYPosition } from '@xyflow/react'
import type { GroupOrNoteMove } from '../state/groups-and-notes'
import type { NodeMove } from '../state/document-slice'
import type { EditorState } from '../state/editor-state'
import { emptyRecord } from '../../graph'
import { roomBelow } from './room-below'
import { GROUP_PREFIX, NOTE_PREFIX, OVERVIEW_BOUNDS_ID, type CanvasFlowNode, type PipelineFlowEdge } from '../state/flow-view'

type GroupOrNote = { kind: 'groups' | 'notes'; id: string }

/** A canvas id that names a group or a note of the document, rather than a node. */
function groupOrNoteOf(state: EditorState, canvasId: string): GroupOrNote | undefined {
  if (canvasId.startsWith(GROUP_PREFIX)) {
    const id = canvasId.slice(GROUP_PREFIX.length)
    if (state.levelDoc.groups?.some((group) => group.id === id)) return { kind: 'groups', id }
  }
  if (canvasId.startsWith(NOTE_PREFIX)) {
    const id = canvasId.slice(NOTE_PREFIX.length)
    if (state.levelDoc.notes?.some((note) => note.id === id)) return { kind: 'notes', id }
  }
  return undefined
}

/**
 * Writes what happened on the canvas back where it belongs: positions and sizes of groups and
 * notes into the document, node sizes and selection into the view. Removal goes through the
 * delete action, never through here.
 */
export function applyNodeChanges(state: EditorState, changes: NodeChange<CanvasFlowNode>[]): void {
  const moves: NodeMove[] = []
  const groupAndNoteMoves: Record<GroupOrNote['kind'], GroupOrNoteMove[]> = { groups: [], notes: [] }
  // A resize from the top or left moves the frame too: that position belongs to the resize.
  const resized = new Map<string, { dimensions?: { width: number; height: number }; position?: XYPosition; settle: boolean }>()
  const measured = emptyRecord<{ width: number; height: number }>()
  let dragging = false
  for (const change of changes) {
    if (change.type === 'dimensions' && change.resizing !== undefined && change.dimensions) {
      const entry = resized.get(change.id) ?? { settle: false }
      resized.set(change.id, { ...entry, dimensions: change.dimensions, settle: !change.resizing })
    }
  }
  for (const change of changes) {
    if (change.type === 'add' || ('id' in change && change.id === OVERVIEW_BOUNDS_ID)) continue
    const groupOrNote = groupOrNoteOf(state, change.id)
    if (change.type === 'position' && change.position) {
      const resize = resized.get(change.id)
      if (resize) resize.position = change.position
      else if (groupOrNote) groupAndNoteMoves[groupOrNote.kind].push({ id: groupOrNote.id, position: change.position })
      else moves.push({ nodeId: change.id, position: change.position })
      dragging ||= change.dragging === true
    } else if (change.type === 'dimensions' && change.dimensions && !groupOrNote) measured[change.id] = change.dimensions
    else if (change.type === 'select') state.setSelected(groupOrNote?.kind ?? 'nodes', groupOrNote?.id ?? change.id, change.selected)
  }
  if (Object.keys(measured).length > 0) {
    // A node measured taller than it was (its result appeared) makes room under it rather than covering it.
    const grew = Object.entries(measured).flatMap(([id, size]) => {
      const known = state.sizes[id]
      return known && size.height > known.height ? [{ id, oldHeight: known.height }] : []
    })
    state.setSizes(measured)
    const sizes = { ...state.sizes, ...measured }
    const room = new Map<string, XYPosition>()
    for (const { id, oldHeight } of grew) {
      for (const [nodeId, to] of roomBelow(state.levelDoc.nodes, sizes, id, oldHeight)) {
        if (to.y > (room.get(nodeId)?.y ?? -Infinity)) room.set(nodeId, to)
      }
    }
    state.makeRoom(room)
  }
  // Everything dragged together moves as one edit, so a drag of several is still one undo step.
  if (moves.length > 0 || groupAndNoteMoves.groups.length > 0 || groupAndNoteMoves.notes.length > 0) state.moveNodes(moves, dragging, groupAndNoteMoves)
  for (const [canvasId, resize] of resized) resizeGroupOrNote(state, canvasId, resize)
}

function resizeGroupOrNote(
  state: EditorState,
  canvasId: string,
  resize: { dimensions?: { width: number; height: number }; position?: XYPosition; settle: boolean },
): void {
  const groupOrNote = groupOrNoteOf(state, canvasId)
  if (!groupOrNote) return
  const current = groupOrNote.kind === 'groups' ? state.levelDoc.groups?.find((group) => group.id === groupOrNote.id) : state.levelDoc.notes?.find((note) => note.id === groupOrNote.id)
  const position = resize.position ?? current?.position
  const size = resize.dimensions ?? current?.size
  if (!position || !size) return
  if (groupOrNote.kind === 'groups') state.resizeGroup(groupOrNote.id, { position, size }, resize.settle)
  else state.resizeNote(groupOrNote.id, { position, size }, resize.settle)
}

export function applyEdgeChanges(state: EditorState, changes: EdgeChange<PipelineFlowEdge>[]): void {
  for (const change of changes) {
    if (change.type === 'select') state.setSelected('links', change.id, change.selected)
  }
}
