import { applyPatches, enablePatches, produceWithPatches, type Draft } from 'immer'
import type { PipelineDoc, Position } from '../../graph'
import { parseParams, type NodeRegistry } from '../../engine'
import { newLinkId, newNodeId } from './document-ids'
import { downstreamOf } from './downstream'
import { createEditHistory, type Coalesce, type HistoryCounts, type HistoryStep } from './edit-history'
import type { EditorServices, EditorSlice, EditorState } from './editor-state'
import { pasteOffset, placedFragment, type Fragment } from './fragment'
import { isSingleInput, type Link } from './link-check'
import { keepEntriesInStep } from './linked-entries'
import { markedStale } from './node-run'
import { resultChanges } from './result-changes'

// Undo and redo are the patches immer records for each edit, taken back or applied again.
enablePatches()

/** Steps kept for undo; older ones are forgotten. */
const HISTORY_LIMIT = 200
/** Typing in a field is one undo step per pause this long. */
const TYPING_PAUSE_MS = 500

export interface NodeMove {
  nodeId: string
  position: Position
}

/** The pipeline document, the single source of truth; every edit to it goes through here. */
export interface DocumentSlice {
  doc: PipelineDoc
  /** How many edits can be undone and redone. */
  history: HistoryCounts
  /** Adds a node of `type` with its defaults (and `params` over them); returns its id. */
  addNode(type: string, position: Position, params?: Record<string, unknown>): string
  /** Moves nodes; while `dragging`, every move joins one undo step, which ends with the drag. */
  moveNodes(moves: readonly NodeMove[], dragging: boolean): void
  /** An empty label goes back to the node type's title. */
  renameNode(nodeId: string, label: string): void
  renameDocument(name: string): void
  /** `undefined` clears an optional param. */
  setParam(nodeId: string, param: string, value: unknown): void
  /** Several params of one node as one undo step, such as a take chosen and no longer rejected. */
  setParams(nodeId: string, values: Readonly<Record<string, unknown>>): void
  /** Links an output to an input; a single input's old link is replaced, a list input gathers. */
  connect(link: Link): void
  deleteItems(nodeIds: readonly string[], linkIds: readonly string[]): void
  /**
   * Makes a param one of the template's inputs under `label`, renames it, or (`label` undefined)
   * takes it out of the template's inputs.
   */
  setExposed(nodeId: string, param: string, label: string | undefined): void
  /** Brings back an older version of the document (its id stays): one undoable step. */
  restoreVersion(version: PipelineDoc): void
  /** Adds copied nodes and their links under new ids, offset from where they were, and selects them. */
  pasteFragment(fragment: Fragment): string[]
  undo(): void
  redo(): void
  /** Another document is open: nothing before it can be undone. */
  forgetHistory(): void
}

export function createDocumentSlice(services: EditorServices, doc: PipelineDoc): EditorSlice<DocumentSlice> {
  const { registry } = services
  const history = createEditHistory(HISTORY_LIMIT)

  return (set, get) => {
    /** Shows a new version of the document, with the run state and selection that still fit it. */
    const show = (before: PipelineDoc, after: PipelineDoc) =>
      set((state) => {
        state.doc = after
        state.history = history.counts()
        settleAfterChange(state, before, after, registry)
      })

    /**
     * Takes a step back or forward. A node it brings back, or returns to earlier settings, finds its
     * result again in the cache: deleting a node and undoing that shows its result as before.
     */
    const travel = (step: HistoryStep | undefined, direction: 'undo' | 'redo') => {
      if (!step) return
      const before = get().doc
      show(before, applyPatches(before, direction === 'undo' ? step.inversePatches : step.patches))
      void get().showStoredResults().catch(get().reportProblem)
    }

    /** Makes one edit, recorded for undo; an edit that changes nothing records nothing. */
    const edit = (recipe: (draft: Draft<PipelineDoc>) => void, coalesce?: Coalesce) => {
      const before = get().doc
      const [after, patches, inversePatches] = produceWithPatches(before, recipe)
      if (patches.length === 0) return
      history.record({ patches, inversePatches }, coalesce, Date.now())
      show(before, after)
    }

    return {
      doc,
      history: history.counts(),

      addNode(type, position, params = {}) {
        const definition = registry.get(type)
        if (!definition) throw new Error(`there is no node type "${type}" in this build`)
        const id = newNodeId(get().doc, type)
        const defaults = parseParams(definition.params, {})
        edit((draft) => {
          draft.nodes.push({
            id,
            type,
            typeVersion: definition.version,
            position: { x: Math.round(position.x), y: Math.round(position.y) },
            params: { ...(defaults.ok ? defaults.params : {}), ...params },
          })
        })
        return id
      },

      moveNodes(moves, dragging) {
        edit(
          (draft) => {
            for (const { nodeId, position } of moves) {
              const node = draft.nodes.find((candidate) => candidate.id === nodeId)
              if (node) node.position = { x: position.x, y: position.y }
            }
          },
          { key: 'drag' },
        )
        // A move that is not part of a drag (its end, an arrow key) is a step of its own.
        if (!dragging) history.seal()
      },

      renameNode(nodeId, label) {
        edit(
          (draft) => {
            const node = draft.nodes.find((candidate) => candidate.id === nodeId)
            if (!node) return
            if (label.trim() === '') delete node.label
            else node.label = label
          },
          { key: `label:${nodeId}`, pauseMs: TYPING_PAUSE_MS },
        )
      },

      renameDocument(name) {
        edit((draft) => {
          draft.name = name
        })
      },

      setParam(nodeId, param, value) {
        edit(
          (draft) => {
            const node = draft.nodes.find((candidate) => candidate.id === nodeId)
            if (!node) return
            if (value === undefined) delete node.params[param]
            else node.params[param] = value
          },
          { key: `param:${nodeId}:${param}`, pauseMs: TYPING_PAUSE_MS },
        )
      },

      setParams(nodeId, values) {
        edit((draft) => {
          const node = draft.nodes.find((candidate) => candidate.id === nodeId)
          if (!node) return
          for (const [param, value] of Object.entries(values)) {
            if (value === undefined) delete node.params[param]
            else node.params[param] = value
          }
        })
      },

      connect(link) {
        const before = get().doc
        const replaces = isSingleInput(before, registry, link.to)
        edit((draft) => {
          const duplicate = draft.edges.some(
            (edge) =>
              edge.from.node === link.from.node &&
              edge.from.port === link.from.port &&
              edge.to.node === link.to.node &&
              edge.to.port === link.to.port,
          )
          if (duplicate) return
          if (replaces) {
            draft.edges = draft.edges.filter((edge) => !(edge.to.node === link.to.node && edge.to.port === link.to.port))
          }
          draft.edges.push({ id: newLinkId(draft), from: { ...link.from }, to: { ...link.to } })
          keepEntriesInStep(draft, before, registry)
        })
      },

      deleteItems(nodeIds, linkIds) {
        if (nodeIds.length === 0 && linkIds.length === 0) return
        const goneNodes = new Set(nodeIds)
        const goneLinks = new Set(linkIds)
        const before = get().doc
        edit((draft) => {
          draft.edges = draft.edges.filter(
            (edge) => !goneLinks.has(edge.id) && !goneNodes.has(edge.from.node) && !goneNodes.has(edge.to.node),
          )
          // A new nodes array would be a change of every node to undo; links alone leave it as it is.
          if (goneNodes.size > 0) draft.nodes = draft.nodes.filter((node) => !goneNodes.has(node.id))
          keepEntriesInStep(draft, before, registry)
        })
      },

      setExposed(nodeId, param, label) {
        const renaming = label !== undefined && get().doc.exposed?.some((entry) => entry.node === nodeId && entry.param === param)
        edit(
          (draft) => {
            const exposed = draft.exposed ?? []
            const at = exposed.findIndex((entry) => entry.node === nodeId && entry.param === param)
            if (label === undefined) {
              if (at >= 0) exposed.splice(at, 1)
            } else if (at >= 0) {
              ;(exposed[at] as { label: string }).label = label
            } else {
              exposed.push({ node: nodeId, param, label })
            }
            if (exposed.length > 0) draft.exposed = exposed
            else delete draft.exposed
          },
          // Typing a label is one step per pause; marking and unmarking are steps of their own.
          renaming ? { key: `exposed:${nodeId}:${param}`, pauseMs: TYPING_PAUSE_MS } : undefined,
        )
      },

      restoreVersion(version) {
        edit((draft) => {
          draft.name = version.name
          draft.description = version.description
          draft.nodes = version.nodes
          draft.edges = version.edges
          if (version.groups) draft.groups = version.groups
          else delete draft.groups
          if (version.exposed) draft.exposed = version.exposed
          else delete draft.exposed
        })
      },

      pasteFragment(fragment) {
        const current = get().doc
        const placed = placedFragment(current, fragment, pasteOffset(current, fragment))
        edit((draft) => {
          draft.nodes.push(...placed.nodes)
          draft.edges.push(...placed.edges)
        })
        const pasted = placed.nodes.map((node) => node.id)
        set((state) => {
          state.selection = { nodes: pasted, links: [] }
        })
        return pasted
      },

      undo() {
        travel(history.undo(), 'undo')
      },

      redo() {
        travel(history.redo(), 'redo')
      },

      forgetHistory() {
        history.clear()
        set((state) => {
          state.history = history.counts()
        })
      },
    }
  }
}

/**
 * After an edit, an undo or a redo alike: removed nodes lose their run state, size and selection;
 * changed nodes and everything downstream are out of date (shown idle, result dimmed).
 */
function settleAfterChange(state: EditorState, before: PipelineDoc, after: PipelineDoc, registry: NodeRegistry): void {
  const { removed, changed } = resultChanges(before, after, registry)
  for (const id of removed) {
    delete state.nodeRuns[id]
    delete state.sizes[id]
  }
  for (const id of downstreamOf(after, changed)) {
    const run = state.nodeRuns[id]
    if (run) state.nodeRuns[id] = markedStale(run)
  }
  if (removed.length === 0 && before.edges === after.edges) return
  const nodeIds = new Set(after.nodes.map((node) => node.id))
  const linkIds = new Set(after.edges.map((edge) => edge.id))
  state.selection.nodes = state.selection.nodes.filter((id) => nodeIds.has(id))
  state.selection.links = state.selection.links.filter((id) => linkIds.has(id))
}
