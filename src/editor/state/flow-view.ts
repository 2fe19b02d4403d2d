import type { Edge, Node } from '@xyflow/react'
import { elementType, type CanvasNote, type NodeGroup, type PipelineDoc, type PipelineEdge, type PipelineNode } from '../../graph'
import type { NodeRegistry } from '../../engine'
import { groupFrame } from './groups-and-notes'
import type { EditorState } from './editor-state'

/** Every node on the canvas is one generic chrome; what it shows comes from its document node. */
export type PipelineFlowNode = Node<{ node: PipelineNode }, 'pipeline'>
/** A group's frame, behind the nodes; dragged by its header, it takes its nodes along. */
export type GroupFlowNode = Node<{ group: NodeGroup }, 'group-frame'>
export type NoteFlowNode = Node<{ note: CanvasNote }, 'note'>
/**
 * Zoomed out far, where the overview draws every node and React Flow keeps them hidden: one shown,
 * empty node over the whole pipeline, so the minimap (which draws shown nodes only) draws it.
 */
export type OverviewBoundsFlowNode = Node<Record<string, never>, 'overview-bounds'>
/** What React Flow draws: pipeline nodes, group frames and notes (and far out, the overview's bounds). */
export type CanvasFlowNode = PipelineFlowNode | GroupFlowNode | NoteFlowNode | OverviewBoundsFlowNode
export type PipelineFlowEdge = Edge

export interface FlowView {
  nodes: CanvasFlowNode[]
  edges: PipelineFlowEdge[]
}

/** The canvas ids of groups and notes, apart from node ids. */
export const GROUP_PREFIX = 'group:'
export const NOTE_PREFIX = 'note:'
export const OVERVIEW_BOUNDS_ID = 'overview-bounds'

/** Frames sit far below the nodes, and stay below them even selected (React Flow lifts a selected one by 1,000). */
const GROUP_Z = -2000

type FlowInputs = Pick<EditorState, 'levelDoc' | 'selection' | 'sizes'>

/**
 * The one place React Flow's nodes and edges are made from the document. A node or link that did
 * not change keeps its object, so React Flow and the memoised node components skip it; the whole
 * view is only rebuilt when the document, the selection or a measured size changes.
 */
export function createFlowViewSelector(registry: NodeRegistry): (state: FlowInputs) => FlowView {
  const nodeCache = new WeakMap<PipelineNode, PipelineFlowNode>()
  const edgeCache = new WeakMap<PipelineEdge, PipelineFlowEdge>()
  const groupNoteCache = new WeakMap<NodeGroup | CanvasNote, GroupFlowNode | NoteFlowNode>()
  type Inputs = [PipelineDoc['nodes'], PipelineDoc['edges'], PipelineDoc['groups'], PipelineDoc['notes'], FlowInputs['selection'], FlowInputs['sizes']]
  let last: { inputs: Inputs; view: FlowView } | undefined
  // A drag changes the nodes on every step and the links never: React Flow is given the same links
  // array, so it does not rebuild its lookup of 1,200 connections each step.
  let lastEdges: { edges: PipelineDoc['edges']; selection: FlowInputs['selection']['links']; view: PipelineFlowEdge[] } | undefined

  return ({ levelDoc: doc, selection, sizes }) => {
    const inputs: Inputs = [doc.nodes, doc.edges, doc.groups, doc.notes, selection, sizes]
    if (last && inputs.every((input, i) => input === last?.inputs[i])) return last.view

    const selectedNodes = new Set(selection.nodes)
    const nodes = doc.nodes.map((node) => {
      const selected = selectedNodes.has(node.id)
      const size = sizes[node.id]
      const cached = nodeCache.get(node)
      if (cached && cached.selected === selected && cached.measured === size) return cached
      const flowNode: PipelineFlowNode = {
        id: node.id,
        type: 'pipeline',
        position: node.position,
        data: { node },
        selected,
        // What a screen reader says when the keys reach the node.
        ariaLabel: nodeName(node, registry),
        ...(size ? { measured: size } : {}),
      }
      nodeCache.set(node, flowNode)
      return flowNode
    })

    const edges =
      lastEdges?.edges === doc.edges && lastEdges.selection === selection.links
        ? lastEdges.view
        : edgeViews(doc, new Set(selection.links), registry, edgeCache)
    lastEdges = { edges: doc.edges, selection: selection.links, view: edges }

    const view = { nodes: [...groupFlowNodes(doc, selection, sizes, groupNoteCache), ...nodes, ...noteFlowNodes(doc, selection, groupNoteCache)], edges }
    last = { inputs, view }
    return view
  }
}

/** "Slate, Preview node": the node's label, then what kind of node it is. */
function nodeName(node: PipelineNode, registry: NodeRegistry): string {
  const title = registry.get(node.type)?.title ?? node.type
  return node.label ? `${node.label}, ${title} node` : `${title} node`
}

function edgeViews(doc: PipelineDoc, selected: ReadonlySet<string>, registry: NodeRegistry, cache: WeakMap<PipelineEdge, PipelineFlowEdge>): PipelineFlowEdge[] {
  const typesById = new Map(doc.nodes.map((node) => [node.id, node.type]))
  return doc.edges.map((edge) => {
    const isSelected = selected.has(edge.id)
    const cached = cache.get(edge)
    if (cached && cached.selected === isSelected) return cached
    const sourceType = registry.get(typesById.get(edge.from.node) ?? '')?.outputs[edge.from.port]?.type ?? 'any'
    const flowEdge: PipelineFlowEdge = {
      id: edge.id,
      source: edge.from.node,
      sourceHandle: edge.from.port,
      target: edge.to.node,
      targetHandle: edge.to.port,
      className: `link link--${elementType(sourceType)}`,
      selected: isSelected,
    }
    cache.set(edge, flowEdge)
    return flowEdge
  })
}

type GroupNoteCache = WeakMap<NodeGroup | CanvasNote, GroupFlowNode | NoteFlowNode>

function groupFlowNodes(doc: PipelineDoc, selection: FlowInputs['selection'], sizes: FlowInputs['sizes'], cache: GroupNoteCache): GroupFlowNode[] {
  if (!doc.groups || doc.groups.length === 0) return []
  const selected = new Set(selection.groups ?? [])
  const seen = new Set<string>()
  // Only a group saved without a frame needs the nodes to find where it is.
  const nodesById = doc.groups.some((group) => !group.size) ? new Map(doc.nodes.map((node) => [node.id, node])) : new Map<string, PipelineNode>()
  return doc.groups.flatMap((group) => {
    if (seen.has(group.id)) return []
    seen.add(group.id)
    const isSelected = selected.has(group.id)
    const cached = cache.get(group)
    if (cached?.type === 'group-frame' && cached.selected === isSelected && group.size) return [cached]
    const frame = groupFrame(group, nodesById, sizes)
    if (!frame) return []
    const flowNode: GroupFlowNode = {
      id: `${GROUP_PREFIX}${group.id}`,
      type: 'group-frame',
      position: frame.position,
      width: frame.size.width,
      height: frame.size.height,
      measured: frame.size,
      data: { group },
      selected: isSelected,
      zIndex: GROUP_Z,
      dragHandle: '.group-frame__header',
      ariaLabel: `Group ${group.label}`,
    }
    cache.set(group, flowNode)
    return [flowNode]
  })
}

function noteFlowNodes(doc: PipelineDoc, selection: FlowInputs['selection'], cache: GroupNoteCache): NoteFlowNode[] {
  if (!doc.notes || doc.notes.length === 0) return []
  const selected = new Set(selection.notes ?? [])
  const seen = new Set<string>()
  return doc.notes.flatMap((note) => {
    if (seen.has(note.id)) return []
    seen.add(note.id)
    const isSelected = selected.has(note.id)
    const cached = cache.get(note)
    if (cached?.type === 'note' && cached.selected === isSelected) return [cached]
    const flowNode: NoteFlowNode = {
      id: `${NOTE_PREFIX}${note.id}`,
      type: 'note',
      position: note.position,
      width: note.size.width,
      height: note.size.height,
      measured: note.size,
      data: { note },
      selected: isSelected,
      dragHandle: '.note__grip',
      ariaLabel: 'Sticky note',
    }
    cache.set(note, flowNode)
    return [flowNode]
  })
}
