import { z } from 'zod'
import {
  edgeSchema,
  formatPath,
  groupSchema,
  nodeSchema,
  noteSchema,
  parseBoundedJson,
  type CanvasNote,
  type NodeGroup,
  type PipelineDoc,
  type PipelineEdge,
  type PipelineNode,
  type Position,
} from '../../graph'
import { topLeft } from './groups-and-notes'
import { firstFreeId, nodeIdStem } from './document-ids'
import type { GroupAndNoteIds } from './selection-slice'

/**
 * Nodes with the links between them, and the groups and notes chosen with them, as copied: the
 * clipboard's JSON, across pipelines and tabs.
 */
export interface Fragment {
  format: 'reelgraph-fragment'
  version: 1
  nodes: PipelineNode[]
  edges: PipelineEdge[]
  groups?: NodeGroup[]
  notes?: CanvasNote[]
}

const fragmentSchema = z
  .object({
    format: z.literal('reelgraph-fragment', { error: 'is not "reelgraph-fragment": these are not copied Reelgraph nodes' }),
    version: z.literal(1),
    nodes: z.array(nodeSchema).max(10_000),
    edges: z.array(edgeSchema).max(40_000),
    groups: z.array(groupSchema).max(10_000).optional(),
    notes: z.array(noteSchema).max(10_000).optional(),
  })
  .refine((fragment) => fragment.nodes.length + (fragment.notes?.length ?? 0) + (fragment.groups?.length ?? 0) > 0, {
    message: 'holds nothing to paste',
    path: ['nodes'],
  }) satisfies z.ZodType<Fragment>

/** The largest clipboard text read as a fragment; copied nodes are a recipe, not media. */
const MAX_FRAGMENT_CHARS = 10_000_000

export type FragmentParse = { ok: true; fragment: Fragment } | { ok: false; message: string }

/**
 * The chosen nodes and the links among them, links to nodes left behind dropped; a chosen group
 * comes with its nodes, a chosen note as it is.
 */
export function fragmentOf(doc: PipelineDoc, nodeIds: readonly string[], groupsAndNotes: GroupAndNoteIds = {}): Fragment {
  const chosenGroups = new Set(groupsAndNotes.groups ?? [])
  const chosenNotes = new Set(groupsAndNotes.notes ?? [])
  const groups = (doc.groups ?? []).filter((group) => chosenGroups.has(group.id))
  const chosen = new Set([...nodeIds, ...groups.flatMap((group) => group.nodes)])
  const notes = (doc.notes ?? []).filter((note) => chosenNotes.has(note.id))
  return {
    format: 'reelgraph-fragment',
    version: 1,
    nodes: doc.nodes.filter((node) => chosen.has(node.id)),
    edges: doc.edges.filter((edge) => chosen.has(edge.from.node) && chosen.has(edge.to.node)),
    ...(groups.length > 0 ? { groups: groups.map((group) => ({ ...group, nodes: group.nodes.filter((id) => chosen.has(id)) })) } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  }
}

/** The top left corner of what a fragment holds, which a paste at the pointer puts under it. */
export function fragmentCorner(fragment: Fragment): Position | undefined {
  return topLeft([
    ...fragment.nodes.map((node) => node.position),
    ...(fragment.groups ?? []).flatMap((group) => group.position ?? []),
    ...(fragment.notes ?? []).map((note) => note.position),
  ])
}

export function serializeFragment(fragment: Fragment): string {
  return JSON.stringify(fragment)
}

/** Reads clipboard text as a fragment, trusting nothing: JSON, then the schema, then its links. */
export function parseFragment(text: string): FragmentParse {
  if (text.length > MAX_FRAGMENT_CHARS) return { ok: false, message: 'The clipboard text is too long to be copied nodes.' }
  const read = parseBoundedJson(text)
  if (!read.ok) {
    return { ok: false, message: read.reason === 'too deep' ? `The clipboard text was not pasted: ${read.message}.` : 'The clipboard holds no Reelgraph nodes.' }
  }
  const parsed = fragmentSchema.safeParse(read.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, message: `The clipboard holds no Reelgraph nodes: ${formatPath(issue?.path ?? [])} ${issue?.message ?? ''}`.trim() }
  }
  const ids = new Set<string>()
  for (const node of parsed.data.nodes) {
    if (ids.has(node.id)) return { ok: false, message: `The copied nodes are damaged: the id "${node.id}" is used twice.` }
    ids.add(node.id)
  }
  const loose = parsed.data.edges.find((edge) => !ids.has(edge.from.node) || !ids.has(edge.to.node))
  if (loose) return { ok: false, message: `The copied nodes are damaged: the link "${loose.id}" leads outside them.` }
  const outside = parsed.data.groups?.find((group) => group.nodes.some((id) => !ids.has(id)))
  if (outside) return { ok: false, message: `The copied nodes are damaged: the group "${outside.label}" holds nodes that were not copied.` }
  return { ok: true, fragment: parsed.data }
}

/**
 * The fragment's nodes and links with ids free in `doc`, moved by `offset`; the links follow their
 * nodes to the new ids.
 */
export function placedFragment(
  doc: PipelineDoc,
  fragment: Fragment,
  offset: Position,
): { nodes: PipelineNode[]; edges: PipelineEdge[]; groups: NodeGroup[]; notes: CanvasNote[] } {
  const nodeIds = new Set(doc.nodes.map((node) => node.id))
  const linkIds = new Set(doc.edges.map((edge) => edge.id))
  const renamed = new Map<string, string>()
  const nodes = fragment.nodes.map((node) => {
    const id = firstFreeId(nodeIdStem(node.type), nodeIds)
    nodeIds.add(id)
    renamed.set(node.id, id)
    return { ...node, id, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } }
  })
  const edges = fragment.edges.map((edge) => {
    const id = firstFreeId('link', linkIds)
    linkIds.add(id)
    return {
      id,
      from: { node: renamed.get(edge.from.node) ?? edge.from.node, port: edge.from.port },
      to: { node: renamed.get(edge.to.node) ?? edge.to.node, port: edge.to.port },
    }
  })
  const moved = (position: Position) => ({ x: position.x + offset.x, y: position.y + offset.y })
  const groupIds = new Set((doc.groups ?? []).map((group) => group.id))
  const groups = (fragment.groups ?? []).map((group) => {
    const id = firstFreeId('group', groupIds)
    groupIds.add(id)
    const members = group.nodes.flatMap((member) => renamed.get(member) ?? [])
    return { ...group, id, nodes: members, ...(group.position ? { position: moved(group.position) } : {}) }
  })
  const noteIds = new Set((doc.notes ?? []).map((note) => note.id))
  const notes = (fragment.notes ?? []).map((note) => {
    const id = firstFreeId('note', noteIds)
    noteIds.add(id)
    return { ...note, id, position: moved(note.position) }
  })
  return { nodes, edges, groups, notes }
}

const PASTE_STEP = 32

/**
 * How far pasted nodes move from where they were copied: one step down and right, and a step more
 * for each earlier paste already sitting there, so repeated pastes fan out instead of stacking.
 */
export function pasteOffset(doc: PipelineDoc, fragment: Fragment): Position {
  const occupied = new Set([...doc.nodes, ...(doc.notes ?? [])].map((item) => `${item.position.x},${item.position.y}`))
  const first = fragment.nodes[0] ?? fragment.notes?.[0]
  if (!first) return { x: PASTE_STEP, y: PASTE_STEP }
  for (let step = 1; ; step++) {
    const shift = step * PASTE_STEP
    if (!occupied.has(`${first.position.x + shift},${first.position.y + shift}`)) return { x: shift, y: shift }
  }
}
