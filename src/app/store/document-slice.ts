import { applyPatches, enablePatches, produceWithPatches, type Draft } from 'immer'
import type { PipelineDoc, Position } from '../../graph'
import { parseParams, upgradeNodes, withoutUnknownParams, type NodeRegistry } from '../../engine'
import { newLinkId, newNodeId } from './document-ids'
import { downstreamOf } from './downstream'
import { movedPositions, type CanvasMoves } from './canvas-marks'
import { createEditHistory, type Coalesce, type HistoryCounts, type HistoryStep } from './edit-history'
import type { EditorServices, EditorSlice, EditorState } from './editor-state'
import { fragmentCorner, pasteOffset, placedFragment, type Fragment } from './fragment'
import { isSingleInput, type Link } from './link-check'
import { keepEntriesInStep } from './linked-entries'
import { markedStale } from './node-run'
import type { MarkIds } from './selection-slice'
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
  /**
   * Moves nodes, and with `marks` groups (their nodes along) and notes; while `dragging`, every move
   * joins one undo step, which ends with the drag, and a node dropped in a group's frame joins it.
   */
  moveNodes(moves: readonly NodeMove[], dragging: boolean, marks?: Omit<CanvasMoves, 'nodes'>): void
  /** An empty label goes back to the node type's title. */
  renameNode(nodeId: string, label: string): void
  renameDocument(name: string): void
  /** `undefined` clears an optional param. */
  setParam(nodeId: string, param: string, value: unknown): void
  /** Several params of one node as one undo step, such as a take chosen and no longer rejected. */
  setParams(nodeId: string, values: Readonly<Record<string, unknown>>): void
  /** Links an output to an input; a single input's old link is replaced, a list input gathers. */
  connect(link: Link): void
  /** Removes nodes (and their links and group places), links, and with `marks` groups and notes. */
  deleteItems(nodeIds: readonly string[], linkIds: readonly string[], marks?: MarkIds): void
  /**
   * Makes a param one of the template's inputs under `label`, renames it, or (`label` undefined)
   * takes it out of the template's inputs.
   */
  setExposed(nodeId: string, param: string, label: string | undefined): void
  /** Brings back an older version of the document (its id stays): one undoable step. */
  restoreVersion(version: PipelineDoc): void
  /**
   * Adds copied nodes, their links, groups and notes under new ids and selects them: with `at`, their
   * top left corner there (the pointer); without, offset from where they were.
   */
  pasteFragment(fragment: Fragment, at?: Position): string[]
  /** One undoable edit of the document, for the edits other slices make (groups and notes). */
  editDocument(recipe: (draft: Draft<PipelineDoc>) => void, coalesce?: Coalesce): void
  /** Ends the undo step on top, so the next edit with the same key makes a new one (a resize's end). */
  sealHistory(): void
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
        settleMarks(state, before, after)
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

      moveNodes(moves, dragging, marks = {}) {
        const before = get().doc
        const landed = movedPositions(before, { nodes: moves, ...marks }, get().sizes, !dragging)
        edit(
          (draft) => {
            // By index on the document before, so a drag touches only the nodes it moves.
            before.nodes.forEach((node, i) => {
              const position = landed.nodes.get(node.id)
              const moving = position && draft.nodes[i]
              if (moving) moving.position = { x: position.x, y: position.y }
            })
            draft.groups?.forEach((group, i) => {
              const frame = landed.groups.get(group.id)
              if (frame) {
                group.position = { x: frame.position.x, y: frame.position.y }
                group.size = { ...frame.size }
              }
              const members = landed.membership?.get(group.id)
              const current = before.groups?.[i]?.nodes ?? []
              if (members && (members.length !== current.length || members.some((id, j) => id !== current[j]))) group.nodes = members
            })
            draft.notes?.forEach((note) => {
              const position = landed.notes.get(note.id)
              if (position) note.position = { x: position.x, y: position.y }
            })
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

      deleteItems(nodeIds, linkIds, marks = {}) {
        const goneGroups = new Set(marks.groups ?? [])
        const goneNotes = new Set(marks.notes ?? [])
        if (nodeIds.length === 0 && linkIds.length === 0 && goneGroups.size === 0 && goneNotes.size === 0) return
        const goneNodes = new Set(nodeIds)
        const goneLinks = new Set(linkIds)
        const before = get().doc
        edit((draft) => {
          draft.edges = draft.edges.filter(
            (edge) => !goneLinks.has(edge.id) && !goneNodes.has(edge.from.node) && !goneNodes.has(edge.to.node),
          )
          // A new nodes array would be a change of every node to undo; links alone leave it as it is.
          if (goneNodes.size > 0) draft.nodes = draft.nodes.filter((node) => !goneNodes.has(node.id))
          if (draft.groups && (goneGroups.size > 0 || goneNodes.size > 0)) {
            draft.groups = draft.groups.filter((group) => !goneGroups.has(group.id))
            for (const group of draft.groups) {
              if (group.nodes.some((id) => goneNodes.has(id))) group.nodes = group.nodes.filter((id) => !goneNodes.has(id))
            }
          }
          if (draft.notes && goneNotes.size > 0) draft.notes = draft.notes.filter((note) => !goneNotes.has(note.id))
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

      restoreVersion(older) {
        const { doc: version } = upgradeNodes(older, services.registry)
        edit((draft) => {
          draft.name = version.name
          draft.description = version.description
          draft.nodes = version.nodes
          draft.edges = version.edges
          if (version.groups) draft.groups = version.groups
          else delete draft.groups
          if (version.exposed) draft.exposed = version.exposed
          else delete draft.exposed
          if (version.notes) draft.notes = version.notes
          else delete draft.notes
        })
      },

      pasteFragment(fragment, at) {
        const current = get().doc
        const corner = at && fragmentCorner(fragment)
        const offset = corner && at ? { x: Math.round(at.x - corner.x), y: Math.round(at.y - corner.y) } : pasteOffset(current, fragment)
        const placed = placedFragment(current, fragment, offset)
        // Copied nodes come from any text on the clipboard: they keep only params their types have, as an import does.
        const { doc: known } = withoutUnknownParams({ ...current, nodes: placed.nodes, edges: [] }, registry)
        edit((draft) => {
          draft.nodes.push(...known.nodes)
          draft.edges.push(...placed.edges)
          if (placed.groups.length > 0) (draft.groups ??= []).push(...placed.groups)
          if (placed.notes.length > 0) (draft.notes ??= []).push(...placed.notes)
        })
        const pasted = placed.nodes.map((node) => node.id)
        set((state) => {
          state.selection = { nodes: pasted, links: [] }
          if (placed.groups.length > 0) state.selection.groups = placed.groups.map((group) => group.id)
          if (placed.notes.length > 0) state.selection.notes = placed.notes.map((note) => note.id)
        })
        return pasted
      },

      editDocument: edit,

      sealHistory() {
        history.seal()
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

/** Selected groups and notes that an edit, an undo or a redo took away are no longer selected. */
function settleMarks(state: EditorState, before: PipelineDoc, after: PipelineDoc): void {
  const { groups, notes } = state.selection
  if (groups && before.groups !== after.groups) {
    const ids = new Set((after.groups ?? []).map((group) => group.id))
    state.selection.groups = groups.filter((id) => ids.has(id))
  }
  if (notes && before.notes !== after.notes) {
    const ids = new Set((after.notes ?? []).map((note) => note.id))
    state.selection.notes = notes.filter((id) => ids.has(id))
  }
}
