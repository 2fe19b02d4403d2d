import type { NodeDisplayStatus } from '../state/node-run'
import { NODE_HEADER_HEIGHT, overlaps, visibleBox, type Box, type OverviewScene, type ViewTransform } from './overview-scene'

/** The theme's colours the overview paints with, read from theme.css's variables. */
export interface OverviewColours {
  body: string
  border: string
  accent: string
  running: string
  danger: string
  ok: string
  cached: string
  groupFill: string
  groupHeader: string
  groupBorder: string
  noteFill: string
  noteEdge: string
  /** `--minimap-<category>` by category, `other` included. */
  categories: Record<string, string>
  /** `--port-<type>` by element type, `any` included. */
  ports: Record<string, string>
}

/** A node's header bar: rounded at the top only, as the body's corners. */
const HEADER_RADII = [8, 8, 0, 0]

const CATEGORIES = ['inputs', 'pre-production', 'generation', 'post', 'edit', 'outputs', 'other']
const PORT_TYPES = ['image', 'video', 'audio', 'prompt', 'text', 'number', 'character', 'shot', 'file', 'any']

export function readOverviewColours(element: Element): OverviewColours {
  const style = getComputedStyle(element)
  const read = (name: string) => style.getPropertyValue(`--${name}`).trim()
  return {
    body: read('panel'),
    border: read('line-strong'),
    accent: read('accent'),
    running: read('running'),
    danger: read('danger'),
    ok: read('ok'),
    cached: read('cached'),
    groupFill: read('group-fill'),
    groupHeader: read('group-header'),
    groupBorder: read('group-border'),
    noteFill: read('note-bg'),
    noteEdge: read('note-edge'),
    categories: Object.fromEntries(CATEGORIES.map((category) => [category, read(`minimap-${category}`)])),
    ports: Object.fromEntries(PORT_TYPES.map((type) => [type, read(`port-${type}`)])),
  }
}

export interface OverviewFrame {
  scene: OverviewScene
  transform: ViewTransform
  /** The pane's size in CSS pixels. */
  width: number
  height: number
  pixelRatio: number
  selected: { nodes: ReadonlySet<string>; groups: ReadonlySet<string>; notes: ReadonlySet<string> }
  statuses: Readonly<Record<string, { status: NodeDisplayStatus } | undefined>>
  colours: OverviewColours
}

/** The border a node's status shows, as the full body's (node.css `.node[data-status]`) and run colours. */
function statusBorder(status: NodeDisplayStatus | undefined, colours: OverviewColours): string {
  if (status === 'running') return colours.running
  if (status === 'error') return colours.danger
  if (status === 'done') return colours.ok
  if (status === 'cached') return colours.cached
  return colours.border
}

/** Adds `box` as a rounded rectangle to the path of its colour, so each colour is one fill or stroke. */
function addTo(paths: Map<string, Path2D>, colour: string, box: Box, radii: number | number[]): void {
  let path = paths.get(colour)
  if (!path) paths.set(colour, (path = new Path2D()))
  path.roundRect(box.x, box.y, box.width, box.height, radii)
}

/**
 * Paints the whole overview, frames, links, nodes and notes in that order, batched by colour:
 * a few dozen fills and strokes however many nodes there are. Returns how many nodes it drew.
 */
export function drawOverview(context: CanvasRenderingContext2D, frame: OverviewFrame): number {
  const { scene, transform, width, height, pixelRatio, selected, statuses, colours } = frame
  const [x, y, zoom] = transform
  context.setTransform(1, 0, 0, 1, 0, 0)
  context.clearRect(0, 0, context.canvas.width, context.canvas.height)
  context.setTransform(pixelRatio * zoom, 0, 0, pixelRatio * zoom, pixelRatio * x, pixelRatio * y)
  // One CSS pixel, whatever the zoom.
  const pixel = 1 / zoom
  const view = visibleBox(width, height, transform)

  const groupHeaders = new Path2D()
  const groupFrames = new Path2D()
  const selectedGroupsAndNotes = new Path2D()
  for (const group of scene.groups) {
    if (!overlaps(group.box, view)) continue
    groupFrames.roundRect(group.box.x, group.box.y, group.box.width, group.box.height, 8)
    groupHeaders.rect(group.box.x, group.box.y, group.box.width, Math.min(36, group.box.height))
    if (selected.groups.has(group.id)) selectedGroupsAndNotes.roundRect(group.box.x, group.box.y, group.box.width, group.box.height, 8)
  }
  context.fillStyle = colours.groupFill
  context.fill(groupFrames)
  context.fillStyle = colours.groupHeader
  context.fill(groupHeaders)
  context.lineWidth = pixel
  context.strokeStyle = colours.groupBorder
  context.stroke(groupFrames)

  const links = new Map<string, Path2D>()
  for (const link of scene.links) {
    const box = { x: Math.min(link.from.x, link.to.x), y: Math.min(link.from.y, link.to.y), width: Math.abs(link.to.x - link.from.x), height: Math.abs(link.to.y - link.from.y) }
    if (!overlaps(box, view)) continue
    let path = links.get(link.type)
    if (!path) links.set(link.type, (path = new Path2D()))
    // The full canvas's bezier: leaving and entering its ports level.
    const pull = Math.max(Math.abs(link.to.x - link.from.x) / 2, 25)
    path.moveTo(link.from.x, link.from.y)
    path.bezierCurveTo(link.from.x + pull, link.from.y, link.to.x - pull, link.to.y, link.to.x, link.to.y)
  }
  context.lineWidth = 1.5 * pixel
  for (const [type, path] of links) {
    context.strokeStyle = colours.ports[type] ?? colours.ports.any ?? colours.border
    context.stroke(path)
  }

  const bodies = new Path2D()
  const bars = new Map<string, Path2D>()
  const borders = new Map<string, Path2D>()
  const selectedNodes = new Path2D()
  let drawn = 0
  for (const node of scene.nodes) {
    if (!overlaps(node.box, view)) continue
    drawn++
    bodies.roundRect(node.box.x, node.box.y, node.box.width, node.box.height, 8)
    addTo(bars, colours.categories[node.category] ?? colours.border, { ...node.box, height: Math.min(NODE_HEADER_HEIGHT, node.box.height) }, HEADER_RADII)
    addTo(borders, statusBorder(statuses[node.id]?.status, colours), node.box, 8)
    if (selected.nodes.has(node.id)) selectedNodes.roundRect(node.box.x, node.box.y, node.box.width, node.box.height, 8)
  }
  context.fillStyle = colours.body
  context.fill(bodies)
  for (const [colour, path] of bars) {
    context.fillStyle = colour
    context.fill(path)
  }
  context.lineWidth = pixel
  for (const [colour, path] of borders) {
    context.strokeStyle = colour
    context.stroke(path)
  }

  const notes = new Path2D()
  for (const note of scene.notes) {
    if (!overlaps(note.box, view)) continue
    notes.rect(note.box.x, note.box.y, note.box.width, note.box.height)
    if (selected.notes.has(note.id)) selectedGroupsAndNotes.rect(note.box.x, note.box.y, note.box.width, note.box.height)
  }
  context.fillStyle = colours.noteFill
  context.fill(notes)
  context.strokeStyle = colours.noteEdge
  context.stroke(notes)

  // The selection stands out at any zoom: 2 px, drawn last.
  context.lineWidth = 2 * pixel
  context.strokeStyle = colours.accent
  context.stroke(selectedNodes)
  context.stroke(selectedGroupsAndNotes)
  return drawn
}
