import type { NodeRegistry } from '../../engine'
import { elementType, type PipelineDoc, type Position, type Size } from '../../graph'
import { GROUP_LABEL_HEIGHT, groupFrame, type GroupOrNoteMove } from '../state/groups-and-notes'
import type { NodeMove } from '../state/document-slice'
import { NEW_NODE_SIZE } from '../state/free-spot'

/**
 * The pipeline as the overview draws it below FAR_ZOOM: boxes and lines in flow coordinates,
 * worked out from the document alone (no DOM), so drawing and hit testing share one picture.
 */

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** The categories that have a colour of their own (theme.css `--minimap-*`); the rest are `other`. */
const COLOURED_CATEGORIES = new Set(['inputs', 'pre-production', 'generation', 'post', 'edit', 'outputs'])

export interface OverviewNode {
  id: string
  box: Box
  /** `inputs`, `generation`, … or `other`: which `--minimap-*` colour its bar takes. */
  category: string
}

export interface OverviewLink {
  /** The element type of the value it carries (`image`, `video`, …), which colours it as `--port-*`. */
  type: string
  from: Position
  to: Position
}

export interface OverviewBox {
  id: string
  box: Box
}

export interface OverviewScene {
  nodes: OverviewNode[]
  links: OverviewLink[]
  groups: OverviewBox[]
  notes: OverviewBox[]
}

/** A node's header, as tall as the full and the far body's (node.css `.node__header`). */
export const NODE_HEADER_HEIGHT = 30
/** Port rows under the header: 6 px padding, then 22 px a row (node.css `.node__ports`, `.port`). */
const FIRST_PORT_Y = NODE_HEADER_HEIGHT + 6 + 11
const PORT_ROW_HEIGHT = 22

type Sizes = Readonly<Record<string, Size>>

export function overviewScene(doc: PipelineDoc, sizes: Sizes, registry: NodeRegistry): OverviewScene {
  const boxes = new Map<string, Box>()
  const nodes = doc.nodes.map((node): OverviewNode => {
    const size = sizes[node.id] ?? NEW_NODE_SIZE
    const box = { x: node.position.x, y: node.position.y, width: size.width, height: size.height }
    boxes.set(node.id, box)
    const category = registry.get(node.type)?.category.toLowerCase() ?? 'other'
    return { id: node.id, box, category: COLOURED_CATEGORIES.has(category) ? category : 'other' }
  })
  const typesById = new Map(doc.nodes.map((node) => [node.id, node.type]))
  const links = doc.edges.flatMap((edge): OverviewLink[] => {
    const from = boxes.get(edge.from.node)
    const to = boxes.get(edge.to.node)
    if (!from || !to) return []
    const source = registry.get(typesById.get(edge.from.node) ?? '')
    const target = registry.get(typesById.get(edge.to.node) ?? '')
    const outputs = Object.keys(source?.outputs ?? {})
    const inputs = Object.keys(target?.inputs ?? {})
    return [
      {
        type: elementType(source?.outputs[edge.from.port]?.type ?? 'any'),
        from: { x: from.x + from.width, y: portY(from, outputs.indexOf(edge.from.port)) },
        to: { x: to.x, y: portY(to, inputs.indexOf(edge.to.port)) },
      },
    ]
  })
  const nodesById = new Map(doc.nodes.map((node) => [node.id, node]))
  const groups = (doc.groups ?? []).flatMap((group): OverviewBox[] => {
    const frame = groupFrame(group, nodesById, sizes)
    return frame ? [{ id: group.id, box: { ...frame.position, ...frame.size } }] : []
  })
  const notes = (doc.notes ?? []).map((note) => ({ id: note.id, box: { ...note.position, ...note.size } }))
  return { nodes, links, groups, notes }
}

/** The middle of a port's row; a port the node type does not know (a missing node) meets the middle. */
function portY(box: Box, row: number): number {
  const y = row < 0 ? box.height / 2 : FIRST_PORT_Y + row * PORT_ROW_HEIGHT
  return box.y + Math.min(y, box.height)
}

/** What a press on the overview lands on: a node, a group (by its header, as on the full canvas) or a note. */
export interface OverviewHit {
  kind: 'nodes' | 'groups' | 'notes'
  id: string
}

function inside(box: Box, point: Position): boolean {
  return point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height
}

/** The topmost thing under `point`, in the order the overview draws them: notes over nodes over frames. */
export function overviewItemAt(scene: OverviewScene, point: Position): OverviewHit | undefined {
  for (let i = scene.notes.length - 1; i >= 0; i--) {
    const note = scene.notes[i] as OverviewBox
    if (inside(note.box, point)) return { kind: 'notes', id: note.id }
  }
  for (let i = scene.nodes.length - 1; i >= 0; i--) {
    const node = scene.nodes[i] as OverviewNode
    if (inside(node.box, point)) return { kind: 'nodes', id: node.id }
  }
  for (let i = scene.groups.length - 1; i >= 0; i--) {
    const group = scene.groups[i] as OverviewBox
    if (inside({ ...group.box, height: Math.min(GROUP_LABEL_HEIGHT, group.box.height) }, point)) return { kind: 'groups', id: group.id }
  }
  return undefined
}

/** React Flow's viewport transform: pan x, pan y, zoom. */
export type ViewTransform = readonly [number, number, number]

/** A point on the pane (pixels from its top left corner) in flow coordinates. */
export function flowPointOf(panePoint: Position, [x, y, zoom]: ViewTransform): Position {
  return { x: (panePoint.x - x) / zoom, y: (panePoint.y - y) / zoom }
}

/** The part of the flow on screen, for skipping what lies outside it. */
export function visibleBox(width: number, height: number, transform: ViewTransform): Box {
  const topLeft = flowPointOf({ x: 0, y: 0 }, transform)
  return { ...topLeft, width: width / transform[2], height: height / transform[2] }
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height
}

/** Where the selection stood when a drag began: what `moveNodes` is given, offset by the drag. */
export interface DragStart {
  nodes: NodeMove[]
  groups: GroupOrNoteMove[]
  notes: GroupOrNoteMove[]
}

/** The selected nodes, groups (their frame's corner) and notes, where they stand in `doc`. */
export function dragStartOf(doc: PipelineDoc, selection: { nodes: readonly string[]; groups?: readonly string[]; notes?: readonly string[] }, sizes: Sizes): DragStart {
  const selectedNodes = new Set(selection.nodes)
  const selectedGroups = new Set(selection.groups ?? [])
  const selectedNotes = new Set(selection.notes ?? [])
  const nodesById = new Map(doc.nodes.map((node) => [node.id, node]))
  return {
    nodes: doc.nodes.filter((node) => selectedNodes.has(node.id)).map((node) => ({ nodeId: node.id, position: node.position })),
    groups: (doc.groups ?? []).flatMap((group) => {
      const frame = selectedGroups.has(group.id) ? groupFrame(group, nodesById, sizes) : undefined
      return frame ? [{ id: group.id, position: frame.position }] : []
    }),
    notes: (doc.notes ?? []).filter((note) => selectedNotes.has(note.id)).map((note) => ({ id: note.id, position: note.position })),
  }
}

/** Everything of the drag's start moved by `delta` (flow units). */
export function draggedBy(start: DragStart, delta: Position): DragStart {
  const move = (position: Position) => ({ x: position.x + delta.x, y: position.y + delta.y })
  return {
    nodes: start.nodes.map((entry) => ({ nodeId: entry.nodeId, position: move(entry.position) })),
    groups: start.groups.map((entry) => ({ id: entry.id, position: move(entry.position) })),
    notes: start.notes.map((entry) => ({ id: entry.id, position: move(entry.position) })),
  }
}

/** `overviewScene`, made again only when the document or the measured sizes change. */
export function createOverviewSceneReader(registry: NodeRegistry): (doc: PipelineDoc, sizes: Sizes) => OverviewScene {
  let last: { doc: PipelineDoc; sizes: Sizes; scene: OverviewScene } | undefined
  return (doc, sizes) => {
    if (last?.doc === doc && last.sizes === sizes) return last.scene
    last = { doc, sizes, scene: overviewScene(doc, sizes, registry) }
    return last.scene
  }
}
