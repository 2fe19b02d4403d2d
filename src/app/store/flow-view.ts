import type { Edge, Node } from '@xyflow/react'
import { elementType, type PipelineDoc, type PipelineEdge, type PipelineNode } from '../../graph'
import type { NodeRegistry } from '../../engine'
import type { EditorState } from './editor-state'

/** Every node on the canvas is one generic chrome; what it shows comes from its document node. */
export type PipelineFlowNode = Node<{ node: PipelineNode }, 'pipeline'>
export type PipelineFlowEdge = Edge

export interface FlowView {
  nodes: PipelineFlowNode[]
  edges: PipelineFlowEdge[]
}

type FlowInputs = Pick<EditorState, 'doc' | 'selection' | 'sizes'>

/**
 * The one place React Flow's nodes and edges are made from the document. A node or link that did
 * not change keeps its object, so React Flow and the memoised node components skip it; the whole
 * view is only rebuilt when the document, the selection or a measured size changes.
 */
export function createFlowViewSelector(registry: NodeRegistry): (state: FlowInputs) => FlowView {
  const nodeCache = new WeakMap<PipelineNode, PipelineFlowNode>()
  const edgeCache = new WeakMap<PipelineEdge, PipelineFlowEdge>()
  let last: { inputs: [PipelineDoc['nodes'], PipelineDoc['edges'], FlowInputs['selection'], FlowInputs['sizes']]; view: FlowView } | undefined

  return ({ doc, selection, sizes }) => {
    const inputs = [doc.nodes, doc.edges, selection, sizes] as const
    if (last && inputs.every((input, i) => input === last?.inputs[i])) return last.view

    const selectedNodes = new Set(selection.nodes)
    const selectedLinks = new Set(selection.links)
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
        ...(size ? { measured: size } : {}),
      }
      nodeCache.set(node, flowNode)
      return flowNode
    })

    const typesById = new Map(doc.nodes.map((node) => [node.id, node.type]))
    const edges = doc.edges.map((edge) => {
      const selected = selectedLinks.has(edge.id)
      const cached = edgeCache.get(edge)
      if (cached && cached.selected === selected) return cached
      const sourceType = registry.get(typesById.get(edge.from.node) ?? '')?.outputs[edge.from.port]?.type ?? 'any'
      const flowEdge: PipelineFlowEdge = {
        id: edge.id,
        source: edge.from.node,
        sourceHandle: edge.from.port,
        target: edge.to.node,
        targetHandle: edge.to.port,
        className: `link link--${elementType(sourceType)}`,
        selected,
      }
      edgeCache.set(edge, flowEdge)
      return flowEdge
    })

    const view = { nodes, edges }
    last = { inputs: [doc.nodes, doc.edges, selection, sizes], view }
    return view
  }
}
