import type { NodeGroup, PipelineDoc, PipelineNode, Position, Size } from '../../graph'
import { NEW_NODE_SIZE } from './free-spot'

/**
 * Groups and notes: what the canvas shows beside the nodes, for the people (a scene's frame, a
 * sticky note), never read by a run. Plain functions over the document; the groups-and-notes slice makes
 * them undoable edits.
 */

export interface Frame {
  position: Position
  size: Size
}

/** Room around a group's nodes, and above them for its label. */
export const GROUP_PADDING = 24
export const GROUP_LABEL_HEIGHT = 36
export const NOTE_SIZE: Size = { width: 220, height: 140 }

type Sizes = Readonly<Record<string, Size>>

function nodeSize(node: PipelineNode, sizes: Sizes): Size {
  return sizes[node.id] ?? NEW_NODE_SIZE
}

/** The box around the given nodes, with room for a group's padding and label; undefined for none. */
export function frameAround(nodes: readonly PipelineNode[], sizes: Sizes): Frame | undefined {
  if (nodes.length === 0) return undefined
  let left = Infinity
  let top = Infinity
  let right = -Infinity
  let bottom = -Infinity
  for (const node of nodes) {
    const size = nodeSize(node, sizes)
    left = Math.min(left, node.position.x)
    top = Math.min(top, node.position.y)
    right = Math.max(right, node.position.x + size.width)
    bottom = Math.max(bottom, node.position.y + size.height)
  }
  return {
    position: { x: Math.round(left - GROUP_PADDING), y: Math.round(top - GROUP_PADDING - GROUP_LABEL_HEIGHT) },
    size: { width: Math.round(right - left + 2 * GROUP_PADDING), height: Math.round(bottom - top + 2 * GROUP_PADDING + GROUP_LABEL_HEIGHT) },
  }
}

/**
 * Where a group's frame is: its own, or for a group saved without one (an older document) the box
 * around its nodes. A group of nodes that are all gone and no frame has none.
 */
export function groupFrame(group: NodeGroup, nodesById: ReadonlyMap<string, PipelineNode>, sizes: Sizes): Frame | undefined {
  if (group.position && group.size) return { position: group.position, size: group.size }
  const members = group.nodes.flatMap((id) => nodesById.get(id) ?? [])
  return frameAround(members, sizes)
}

function contains(frame: Frame, point: Position): boolean {
  return (
    point.x >= frame.position.x &&
    point.x <= frame.position.x + frame.size.width &&
    point.y >= frame.position.y &&
    point.y <= frame.position.y + frame.size.height
  )
}

function centre(node: PipelineNode, sizes: Sizes): Position {
  const size = nodeSize(node, sizes)
  return { x: node.position.x + size.width / 2, y: node.position.y + size.height / 2 }
}

/**
 * The group a node belongs in where it now sits: the smallest frame around its centre, so a shot
 * inside a scene joins the shot. Undefined when it sits in none.
 */
export function groupAt(doc: PipelineDoc, node: PipelineNode, sizes: Sizes): NodeGroup | undefined {
  const nodesById = new Map(doc.nodes.map((candidate) => [candidate.id, candidate]))
  const point = centre(node, sizes)
  let best: { group: NodeGroup; area: number } | undefined
  for (const group of doc.groups ?? []) {
    const frame = groupFrame(group, nodesById, sizes)
    if (!frame || !contains(frame, point)) continue
    const area = frame.size.width * frame.size.height
    if (!best || area < best.area) best = { group, area }
  }
  return best?.group
}

/** The nodes whose centre lies inside `frame`: a resized group's members. */
export function nodesInside(doc: PipelineDoc, frame: Frame, sizes: Sizes): string[] {
  return doc.nodes.filter((node) => contains(frame, centre(node, sizes))).map((node) => node.id)
}

/** The top left corner of everything given: where a paste lines up with the pointer. */
export function topLeft(positions: readonly Position[]): Position | undefined {
  if (positions.length === 0) return undefined
  return { x: Math.min(...positions.map((p) => p.x)), y: Math.min(...positions.map((p) => p.y)) }
}

/** A label not used by another group: "Scene 1", "Scene 2", … */
export function newGroupLabel(groups: readonly NodeGroup[]): string {
  const taken = new Set(groups.map((group) => group.label))
  for (let n = groups.length + 1; ; n++) {
    if (!taken.has(`Scene ${n}`)) return `Scene ${n}`
  }
}

/** A group or note dragged to `position` (its frame's top left corner). */
export interface GroupOrNoteMove {
  id: string
  position: Position
}

export interface CanvasMoves {
  nodes: readonly { nodeId: string; position: Position }[]
  groups?: readonly GroupOrNoteMove[]
  notes?: readonly GroupOrNoteMove[]
}

/**
 * Where everything lands after a move on the canvas, worked out on the document before it: a group
 * takes its nodes along (those not moved on their own), and at the end of a drag (`settle`) each
 * moved node belongs to the group it now sits in.
 */
export function movedPositions(
  doc: PipelineDoc,
  moves: CanvasMoves,
  sizes: Sizes,
  settle: boolean,
): { nodes: Map<string, Position>; groups: Map<string, Frame>; notes: Map<string, Position>; membership?: Map<string, string[]> } {
  const nodesById = new Map(doc.nodes.map((node) => [node.id, node]))
  const nodes = new Map(moves.nodes.map((move) => [move.nodeId, move.position]))
  const groups = new Map<string, Frame>()
  const groupsById = new Map((doc.groups ?? []).map((group) => [group.id, group]))
  for (const move of moves.groups ?? []) {
    const group = groupsById.get(move.id)
    const frame = group && groupFrame(group, nodesById, sizes)
    if (!group || !frame) continue
    const dx = move.position.x - frame.position.x
    const dy = move.position.y - frame.position.y
    groups.set(group.id, { position: move.position, size: frame.size })
    for (const id of group.nodes) {
      const node = nodesById.get(id)
      if (node && !nodes.has(id)) nodes.set(id, { x: node.position.x + dx, y: node.position.y + dy })
    }
  }
  const notes = new Map((moves.notes ?? []).map((move) => [move.id, move.position]))
  if (!settle || !doc.groups || doc.groups.length === 0 || moves.nodes.length === 0) return { nodes, groups, notes }

  // Membership is worked out on the document as it will be: frames and nodes where they land.
  const landed: PipelineDoc = {
    ...doc,
    nodes: doc.nodes.map((node) => (nodes.has(node.id) ? { ...node, position: nodes.get(node.id) as Position } : node)),
    groups: doc.groups.map((group) => {
      const frame = groups.get(group.id) ?? groupFrame(group, nodesById, sizes)
      return frame ? { ...group, ...frame } : group
    }),
  }
  const landedById = new Map(landed.nodes.map((node) => [node.id, node]))
  const moved = new Set(moves.nodes.map((move) => move.nodeId))
  const membership = new Map(doc.groups.map((group) => [group.id, group.nodes.filter((id) => !moved.has(id))]))
  for (const id of moved) {
    const node = landedById.get(id)
    const home = node && groupAt(landed, node, sizes)
    if (home) membership.get(home.id)?.push(id)
  }
  return { nodes, groups, notes, membership }
}

/** What a new node must not land on: every node, every group's frame and every note of the level shown. */
export function canvasObstacles(doc: Pick<PipelineDoc, 'nodes' | 'groups' | 'notes'>, sizes: Sizes): Frame[] {
  const nodesById = new Map(doc.nodes.map((node) => [node.id, node]))
  return [
    ...doc.nodes.map((node) => ({ position: node.position, size: nodeSize(node, sizes) })),
    ...(doc.groups ?? []).flatMap((group) => groupFrame(group, nodesById, sizes) ?? []),
    ...(doc.notes ?? []).map((note) => ({ position: note.position, size: note.size })),
  ]
}
