import type { PipelineDoc, Position } from '../../graph'
import { parseParams } from '../../engine'
import { newLinkId, newNodeId } from './document-ids'
import { downstreamOf } from './downstream'
import type { EditorServices, EditorSlice, EditorState } from './editor-state'
import { isSingleInput, type Link } from './link-check'
import { markedStale } from './node-run'

/** The pipeline document, the single source of truth; every edit to it goes through here. */
export interface DocumentSlice {
  doc: PipelineDoc
  /** Adds a node of `type` with its defaults (and `params` over them); returns its id. */
  addNode(type: string, position: Position, params?: Record<string, unknown>): string
  moveNode(nodeId: string, position: Position): void
  /** An empty label goes back to the node type's title. */
  renameNode(nodeId: string, label: string): void
  /** `undefined` clears an optional param. */
  setParam(nodeId: string, param: string, value: unknown): void
  /** Links an output to an input; a single input's old link is replaced, a list input gathers. */
  connect(link: Link): void
  deleteItems(nodeIds: readonly string[], linkIds: readonly string[]): void
}

export function createDocumentSlice(services: EditorServices, doc: PipelineDoc): EditorSlice<DocumentSlice> {
  const { registry } = services
  return (set, get) => ({
    doc,

    addNode(type, position, params = {}) {
      const definition = registry.get(type)
      if (!definition) throw new Error(`there is no node type "${type}" in this build`)
      const id = newNodeId(get().doc, type)
      const defaults = parseParams(definition.params, {})
      set((state) => {
        state.doc.nodes.push({
          id,
          type,
          typeVersion: definition.version,
          position: { x: Math.round(position.x), y: Math.round(position.y) },
          params: { ...(defaults.ok ? defaults.params : {}), ...params },
        })
      })
      return id
    },

    moveNode(nodeId, position) {
      set((state) => {
        const node = state.doc.nodes.find((candidate) => candidate.id === nodeId)
        if (node) node.position = { x: position.x, y: position.y }
      })
    },

    renameNode(nodeId, label) {
      set((state) => {
        const node = state.doc.nodes.find((candidate) => candidate.id === nodeId)
        if (!node) return
        if (label.trim() === '') delete node.label
        else node.label = label
      })
    },

    setParam(nodeId, param, value) {
      set((state) => {
        const node = state.doc.nodes.find((candidate) => candidate.id === nodeId)
        if (!node) return
        if (value === undefined) delete node.params[param]
        else node.params[param] = value
        markOutOfDate(state, [nodeId])
      })
    },

    connect(link) {
      const replaces = isSingleInput(get().doc, registry, link.to)
      set((state) => {
        const { edges } = state.doc
        const duplicate = edges.some(
          (edge) =>
            edge.from.node === link.from.node &&
            edge.from.port === link.from.port &&
            edge.to.node === link.to.node &&
            edge.to.port === link.to.port,
        )
        if (duplicate) return
        if (replaces) {
          state.doc.edges = edges.filter((edge) => !(edge.to.node === link.to.node && edge.to.port === link.to.port))
        }
        state.doc.edges.push({ id: newLinkId(state.doc), from: { ...link.from }, to: { ...link.to } })
        markOutOfDate(state, [link.to.node])
      })
    },

    deleteItems(nodeIds, linkIds) {
      if (nodeIds.length === 0 && linkIds.length === 0) return
      set((state) => {
        const goneNodes = new Set(nodeIds)
        const goneLinks = new Set(linkIds)
        const cut = state.doc.edges.filter(
          (edge) => goneLinks.has(edge.id) || goneNodes.has(edge.from.node) || goneNodes.has(edge.to.node),
        )
        // Readers of what is removed lose an input: their results no longer match.
        markOutOfDate(state, cut.map((edge) => edge.to.node).filter((id) => !goneNodes.has(id)))
        state.doc.edges = state.doc.edges.filter((edge) => !cut.includes(edge))
        state.doc.nodes = state.doc.nodes.filter((node) => !goneNodes.has(node.id))
        for (const id of goneNodes) {
          delete state.nodeRuns[id]
          delete state.sizes[id]
        }
        state.selection.nodes = state.selection.nodes.filter((id) => !goneNodes.has(id))
        state.selection.links = state.selection.links.filter((id) => !cut.some((edge) => edge.id === id))
      })
    },
  })
}

/** Marks the changed nodes and everything downstream as out of date (shown idle, result dimmed). */
function markOutOfDate(state: EditorState, changed: readonly string[]): void {
  for (const id of downstreamOf(state.doc, changed)) {
    if (state.nodeRuns[id]) state.nodeRuns[id] = markedStale(state.nodeRuns[id])
  }
}
