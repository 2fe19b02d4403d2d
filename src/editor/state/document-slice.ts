import { applyPatches, enablePatches, produce, produceWithPatches, type Draft } from 'immer'
import { componentIdOf, componentInDocument, componentType, expandComponents, mergeComponents, nestingRefusal, renameComponentPort, unpackInstance, wrapInComponent, type GraphLevel, type PipelineDoc, type Position } from '../../graph'
import { parseParams, upgradeNodes, withoutUnknownParams, type NodeRegistry } from '../../engine'
import { levelDraft, levelOf, openComponentOf, reachablePath } from './component-level'
import { firstFreeId, newLinkId, newNodeId } from './document-ids'
import { downstreamOf } from './downstream'
import { movedPositions, type CanvasMoves } from './groups-and-notes'
import { createEditHistory, type Coalesce, type HistoryCounts, type HistoryStep } from './edit-history'
import type { EditorServices, EditorSlice, EditorState } from './editor-state'
import { fragmentCorner, pasteOffset, placedFragment, type Fragment } from './fragment'
import { isSingleInput, type Link } from './link-check'
import { keepEntriesInStep } from './linked-entries'
import { markedItemsStale, markedStale } from './node-run'
import type { GroupAndNoteIds } from './selection-slice'
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
  /** The component instances opened, from the top level down; empty at the top level. */
  openPath: string[]
  /**
   * What the canvas shows and every node edit works on: the document, or with a component open, its
   * definition's nodes, links and inputs (an edit there reaches every instance, as one undo step).
   */
  levelDoc: PipelineDoc
  /** How many edits can be undone and redone. */
  history: HistoryCounts
  /** Adds a node of `type` with its defaults (and `params` over them); returns its id. */
  addNode(type: string, position: Position, params?: Record<string, unknown>): string
  /**
   * Moves nodes, and with `groupsAndNotes` groups (their nodes along) and notes; while `dragging`, every move
   * joins one undo step, which ends with the drag, and a node dropped in a group's frame joins it.
   */
  moveNodes(moves: readonly NodeMove[], dragging: boolean, groupsAndNotes?: Omit<CanvasMoves, 'nodes'>): void
  /**
   * Moves nodes out of the way of one that grew on its own (a result appeared): a layout step of the
   * canvas, not the person's edit, so it is kept with the document but takes no undo step.
   */
  makeRoom(moves: ReadonlyMap<string, Position>): void
  /** An empty label goes back to the node type's title. */
  renameNode(nodeId: string, label: string): void
  renameDocument(name: string): void
  /** The pipeline's budget in US dollars; `undefined` takes it away. */
  setBudget(usd: number | undefined): void
  /** `undefined` clears an optional param. */
  setParam(nodeId: string, param: string, value: unknown): void
  /** Several params of one node as one undo step, such as a take chosen and no longer rejected. */
  setParams(nodeId: string, values: Readonly<Record<string, unknown>>): void
  /** Links an output to an input; a single input's old link is replaced, a list input gathers. */
  connect(link: Link): void
  /** Removes nodes (and their links and group places), links, and with `groupsAndNotes` groups and notes. */
  deleteItems(nodeIds: readonly string[], linkIds: readonly string[], groupsAndNotes?: GroupAndNoteIds): void
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
  /**
   * Makes the nodes one component node: the definition is stored once in the document, the links
   * that crossed the selection's edge become its ports. Returns the new node's id; a selection that
   * cannot be made one is reported, and nothing changes.
   */
  makeComponent(nodeIds: readonly string[]): string | undefined
  /**
   * Places a component file (a saved or exported component: one instance node and its definitions)
   * on the open level at `position`: definitions the document lacks come in, identical ones are
   * reused, a different one under a taken id comes in under a new id. Returns the new node's id; a
   * file that is not one component, or a component that would contain itself, is reported.
   */
  placeComponent(file: PipelineDoc, position: Position): string | undefined
  /** Puts a component node's nodes back in its place, with their links and params. */
  unpackComponent(nodeId: string): void
  /** Shows a component node's definition on the canvas, to edit it; the breadcrumb leads back. */
  openComponent(nodeId: string): void
  /** Back out to `depth` components deep (0: the pipeline itself). */
  closeComponent(depth: number): void
  /** Renames a component (every node of it shows the new name unless it has a label of its own). */
  renameComponent(componentId: string, name: string): void
  /** Renames a component's port, and the links to it on every node of it; a bad name is reported, nothing changes. */
  renameComponentPort(componentId: string, side: 'inputs' | 'outputs', from: string, to: string): void
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
        // An undo can take away the component that is open: the canvas backs out to what is left.
        state.openPath = reachablePath(after, state.openPath)
        state.levelDoc = levelOf(after, state.openPath)
        state.history = history.counts()
        settleAfterChange(state, before, after, registry)
        settleGroupsAndNotes(state, before, after)
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

    /** Makes one edit of the whole document, recorded for undo; an edit that changes nothing records nothing. */
    const editRoot = (recipe: (draft: Draft<PipelineDoc>) => void, coalesce?: Coalesce) => {
      const before = get().doc
      const [after, patches, inversePatches] = produceWithPatches(before, recipe)
      if (patches.length === 0) return
      history.record({ patches, inversePatches }, coalesce, Date.now())
      show(before, after)
    }

    /** One edit of the level on the canvas: the document, or the open component's definition. */
    const edit = (recipe: (draft: Draft<PipelineDoc>) => void, coalesce?: Coalesce) => {
      const path = get().openPath
      editRoot((draft) => recipe(levelDraft(draft, path)), coalesce)
    }

    /** Replaces the open level's nodes, links, inputs and (at the top) groups in one edit of the document. */
    const replaceLevel = (draft: Draft<PipelineDoc>, level: GraphLevel) => {
      const target = levelDraft(draft, get().openPath)
      target.nodes = level.nodes
      target.edges = level.edges
      if (level.exposed && level.exposed.length > 0) target.exposed = level.exposed
      else delete target.exposed
      if (level.groups) target.groups = level.groups
    }

    return {
      doc,
      openPath: [],
      levelDoc: doc,
      history: history.counts(),

      addNode(type, position, params = {}) {
        const definition = registry.get(type)
        if (!definition) throw new Error(`there is no node type "${type}" in this build`)
        const id = newNodeId(get().levelDoc, type)
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

      makeRoom(moves) {
        if (moves.size === 0) return
        const path = get().openPath
        const before = get().doc
        // Positions only, by id, never the list of nodes: the undo steps recorded before still apply.
        const after = produce(before, (draft) => {
          for (const node of levelDraft(draft, path).nodes) {
            const to = moves.get(node.id)
            if (to) node.position = { x: to.x, y: to.y }
          }
        })
        show(before, after)
      },

      moveNodes(moves, dragging, groupsAndNotes = {}) {
        const before = get().levelDoc
        const landed = movedPositions(before, { nodes: moves, ...groupsAndNotes }, get().sizes, !dragging)
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

      setBudget(usd) {
        editRoot((draft) => {
          if (usd === undefined) delete draft.budgetUsd
          else draft.budgetUsd = usd
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
        const before = get().levelDoc
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

      deleteItems(nodeIds, linkIds, groupsAndNotes = {}) {
        const goneGroups = new Set(groupsAndNotes.groups ?? [])
        const goneNotes = new Set(groupsAndNotes.notes ?? [])
        if (nodeIds.length === 0 && linkIds.length === 0 && goneGroups.size === 0 && goneNotes.size === 0) return
        const goneNodes = new Set(nodeIds)
        const goneLinks = new Set(linkIds)
        const before = get().levelDoc
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
        const renaming = label !== undefined && get().levelDoc.exposed?.some((entry) => entry.node === nodeId && entry.param === param)
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
        editRoot((draft) => {
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
          if (version.components) draft.components = version.components
          else delete draft.components
        })
      },

      pasteFragment(fragment, at) {
        const current = get().levelDoc
        const refusal = placingRefusal(get().doc, get().openPath, fragment.nodes.map((node) => node.type))
        if (refusal) {
          get().reportProblem(new Error(`Not pasted: ${refusal}.`))
          return []
        }
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

      makeComponent(nodeIds) {
        const root = get().doc
        const level = get().levelDoc
        const taken = new Set((root.components ?? []).map((component) => component.id))
        const componentId = firstFreeId('component', taken)
        const instanceId = firstFreeId('component', new Set(level.nodes.map((node) => node.id)))
        const name = `Component ${componentId.slice('component-'.length)}`
        const wrapped = wrapInComponent(level, nodeIds, { component: componentId, instance: instanceId, name })
        if (!wrapped.ok) {
          get().reportProblem(new Error(`Not made a component: ${wrapped.message}.`))
          return undefined
        }
        editRoot((draft) => {
          replaceLevel(draft, wrapped.level)
          ;(draft.components ??= []).push(wrapped.component)
        })
        set((state) => {
          state.selection = { nodes: [instanceId], links: [] }
        })
        return instanceId
      },

      placeComponent(file, position) {
        const { doc: upgraded } = upgradeNodes(file, registry)
        const found = componentInDocument(upgraded)
        if (!found.ok) {
          get().reportProblem(new Error(`Not placed: ${found.message}.`))
          return undefined
        }
        const root = get().doc
        const merged = mergeComponents(root.components ?? [], found.components, componentIdOf(found.instance.type) as string)
        const type = componentType(merged.rootId)
        const refusal = placingRefusal({ ...root, components: merged.components }, get().openPath, [type])
        if (refusal) {
          get().reportProblem(new Error(`Not placed: ${refusal}.`))
          return undefined
        }
        const id = newNodeId(get().levelDoc, type)
        const path = get().openPath
        editRoot((draft) => {
          const known = new Set((draft.components ?? []).map((component) => component.id))
          const added = merged.components.filter((component) => !known.has(component.id))
          if (added.length > 0) (draft.components ??= []).push(...added)
          levelDraft(draft, path).nodes.push({
            id,
            type,
            typeVersion: 1,
            position: { x: Math.round(position.x), y: Math.round(position.y) },
            params: found.instance.params,
            ...(found.instance.label !== undefined ? { label: found.instance.label } : {}),
          })
        })
        set((state) => {
          state.selection = { nodes: [id], links: [] }
        })
        return id
      },

      unpackComponent(nodeId) {
        const level = get().levelDoc
        const node = level.nodes.find((candidate) => candidate.id === nodeId)
        const componentId = node && componentIdOf(node.type)
        const component = componentId === undefined ? undefined : get().doc.components?.find((candidate) => candidate.id === componentId)
        if (!component) return
        const unpacked = unpackInstance(level, nodeId, component)
        editRoot((draft) => {
          replaceLevel(draft, unpacked)
          // A definition no node places any more goes with its last instance; an undo brings it back.
          const placed = (type: string) => draft.nodes.some((n) => n.type === type) || (draft.components ?? []).some((c) => c.nodes.some((n) => n.type === type))
          if (draft.components && !placed(node?.type ?? '')) {
            draft.components = draft.components.filter((candidate) => candidate.id !== component.id)
            if (draft.components.length === 0) delete draft.components
          }
        })
        const before = new Set(level.nodes.map((candidate) => candidate.id))
        set((state) => {
          state.selection = { nodes: state.levelDoc.nodes.map((candidate) => candidate.id).filter((id) => !before.has(id)), links: [] }
        })
      },

      openComponent(nodeId) {
        const path = [...get().openPath, nodeId]
        const doc = get().doc
        if (!openComponentOf(doc, path)) return
        set((state) => {
          state.openPath = path
          state.levelDoc = levelOf(doc, path)
          state.selection = { nodes: [], links: [] }
        })
      },

      closeComponent(depth) {
        if (depth >= get().openPath.length) return
        const doc = get().doc
        const path = get().openPath.slice(0, Math.max(0, depth))
        const left = get().openPath[path.length]
        set((state) => {
          state.openPath = path
          state.levelDoc = levelOf(doc, path)
          // The component node backed out of is the one selected, so the person sees where they were.
          state.selection = { nodes: left === undefined ? [] : [left], links: [] }
        })
      },

      renameComponent(componentId, name) {
        editRoot(
          (draft) => {
            const component = draft.components?.find((candidate) => candidate.id === componentId)
            if (component) component.name = name.slice(0, 200)
          },
          { key: `component-name:${componentId}`, pauseMs: TYPING_PAUSE_MS },
        )
      },

      renameComponentPort(componentId, side, from, to) {
        const renamed = renameComponentPort(get().doc, componentId, side, from, to)
        if (!renamed.ok) {
          get().reportProblem(new Error(`Port not renamed: ${renamed.message}.`))
          return
        }
        editRoot((draft) => {
          draft.components = renamed.components
          draft.edges = renamed.edges
        })
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
 * Why nodes of these types cannot be placed on the open level: a component inside itself.
 */
function placingRefusal(doc: PipelineDoc, path: readonly string[], types: readonly string[]): string | undefined {
  const host = openComponentOf(doc, path)
  if (!host) return undefined
  for (const type of types) {
    const placed = componentIdOf(type)
    const refusal = placed === undefined ? undefined : nestingRefusal(doc.components ?? [], host.id, placed)
    if (refusal) return refusal
  }
  return undefined
}

/**
 * After an edit, an undo or a redo alike: removed nodes lose their run state, size and selection;
 * changed nodes and everything downstream are out of date (shown idle, result dimmed). Compared with
 * the components expanded, so an edit inside a definition dates every instance of it.
 */
function settleAfterChange(state: EditorState, before: PipelineDoc, after: PipelineDoc, registry: NodeRegistry): void {
  const flatAfter = expandComponents(after)
  const itemKeysOf = (id: string) => state.nodeRuns[id]?.items?.map((item) => item.key)
  const { removed, changed, changedItems } = resultChanges(expandComponents(before).doc, flatAfter.doc, registry, itemKeysOf)
  for (const id of removed) {
    delete state.nodeRuns[id]
    delete state.sizes[id]
  }
  const wholly = downstreamOf(flatAfter.doc, changed)
  for (const id of wholly) {
    for (const shown of [id, flatAfter.owners.get(id)]) {
      const run = shown === undefined ? undefined : state.nodeRuns[shown]
      if (shown !== undefined && run) state.nodeRuns[shown] = markedStale(run)
    }
  }
  // A choice for some items dates those items, here and in the nodes below that run on the same items.
  for (const [changedId, keys] of Object.entries(changedItems)) {
    for (const id of downstreamOf(flatAfter.doc, [changedId])) {
      if (wholly.has(id)) continue
      const run = state.nodeRuns[id]
      if (run) state.nodeRuns[id] = markedItemsStale(run, keys)
      const owner = flatAfter.owners.get(id)
      const ownerRun = owner === undefined ? undefined : state.nodeRuns[owner]
      if (owner !== undefined && ownerRun) state.nodeRuns[owner] = markedStale(ownerRun)
    }
  }
  if (removed.length === 0 && before.edges === after.edges && before.components === after.components) return
  const level = levelOf(after, state.openPath)
  const nodeIds = new Set(level.nodes.map((node) => node.id))
  const linkIds = new Set(level.edges.map((edge) => edge.id))
  state.selection.nodes = state.selection.nodes.filter((id) => nodeIds.has(id))
  state.selection.links = state.selection.links.filter((id) => linkIds.has(id))
}

/** Selected groups and notes that an edit, an undo or a redo took away are no longer selected. */
function settleGroupsAndNotes(state: EditorState, before: PipelineDoc, after: PipelineDoc): void {
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
