import { useCallback, useState } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { everyAction } from '../actions'
import { openSearchPaletteAction } from '../actions/open-search-palette'
import { describeShortcut } from '../actions/shortcut'
import { CommandPicker, type Command, type CommandSection } from '../command-picker/CommandPicker'
import { Modal } from '../dialogs/Modal'
import { paletteCategories } from '../palette/catalog'
import { linkRefusal, type PortRef } from '../../graph'
import type { AnyNodeDefinition, NodeRegistry } from '../../engine'
import { freeSpot, NEW_NODE_SIZE } from '../state/free-spot'
import { canvasObstacles } from '../state/groups-and-notes'
import { portType } from '../state/link-check'
import type { EditorState } from '../state/editor-state'
import type { SearchSeed } from '../state/view-slice'
import { rankedMatches } from './rank'
import { actionSynonyms, nodeTypeSynonyms } from './synonyms'

type RankedCommand = Command & { rank: number }

function bestRank(commands: readonly RankedCommand[]): number {
  return Math.min(Infinity, ...commands.map((command) => command.rank))
}

/** Past this many nodes of a large pipeline, typing narrows them down rather than scrolling. */
const MOST_NODES_LISTED = 50

/**
 * Ctrl+K: one field to reach anything from the keyboard — a node of the pipeline to go to, a node
 * type to add, an action to do — found with the palette's own search.
 */
export function SearchPalette() {
  const editor = useEditorContext()
  const { store, registry } = editor
  const close = useEditorStore((state) => state.closeDialog)
  const nodes = useEditorStore((state) => state.doc.nodes)
  // Where the pointer was when the palette opened: the dialog over the canvas takes the pointer off it.
  const [pointer] = useState(() => store.getState().canvasSpots?.pointer())
  // A right-click's spot or a dragged link's end, and the port that link came from.
  const [seed] = useState(() => store.getState().searchSeed)
  const [fitting] = useState(() => (seed?.linkFrom ? fittingPorts(store.getState(), registry, seed.linkFrom) : undefined))

  const sectionsFor = useCallback(
    (query: string): CommandSection[] => {
      const state = store.getState()
      const spots = state.canvasSpots
      const then = (pick: () => void) => () => {
        close()
        pick()
      }
      // Without the canvas (a template's simple form) there is nowhere to go to or add a node; from
      // a dragged link there is only a node to add and link.
      const goTo: RankedCommand[] = spots && !fitting
        ? rankedMatches(query, nodes, (node) => {
            const title = registry.get(node.type)?.title ?? node.type
            return { title: node.label ?? title, alsoTitled: title, key: node.type, more: [node.id] }
          })
            .slice(0, MOST_NODES_LISTED)
            .map(({ thing: node, rank }) => {
              const title = registry.get(node.type)?.title ?? node.type
              return {
                rank,
                id: `go:${node.id}`,
                label: node.label ?? title,
                detail: `${title} · ${node.id}`,
                pick: then(() => {
                  store.getState().selectOnly(node.id)
                  spots.frame([node.id])
                }),
              }
            })
        : []
      const addable = paletteCategories(registry.list(), '')
        .flatMap((category) => category.definitions)
        .filter((definition) => !fitting || fitting.has(definition.type))
      const add: RankedCommand[] = spots
        ? rankedMatches(query, addable, (definition) => ({
            title: definition.title,
            key: definition.type,
            synonyms: nodeTypeSynonyms[definition.type],
            more: [definition.category, definition.description],
          })).map(({ thing: definition, rank }) => ({
            rank,
            id: `add:${definition.type}`,
            label: `Add ${definition.title}`,
            detail: fitting ? `${definition.category} · ${portLabel(definition, seed, fitting.get(definition.type) as string)}` : definition.category,
            pick: then(() => {
              const now = store.getState()
              const linkFrom = seed?.linkFrom
              const at = seed?.at ?? pointer ?? spots.middle()
              // Dragged from an input, the new node goes to the left of the spot, its output there;
              // a right-click's or a link's spot is where it is wanted, moved clear of what is already there.
              const wanted = linkFrom?.side === 'input' ? { x: at.x - NEW_NODE_SIZE.width, y: at.y } : at
              const added = now.addNode(definition.type, freeSpot(canvasObstacles(now.levelDoc, now.sizes), wanted))
              const port = fitting?.get(definition.type)
              if (linkFrom && port !== undefined) {
                const ends = { node: added, port }
                now.connect(linkFrom.side === 'output' ? { from: linkFrom.port, to: ends } : { from: ends, to: linkFrom.port })
              }
              now.selectOnly(added)
            }),
          }))
        : []
      const actions: RankedCommand[] = fitting
        ? []
        : rankedMatches(
        query,
        everyAction.filter((action) => action !== openSearchPaletteAction),
        (action) => ({ title: action.label, key: action.name, synonyms: actionSynonyms[action.name] }),
      ).map(({ thing: action, rank }) => ({
        rank,
        id: `do:${action.name}`,
        label: action.label,
        keys: action.shortcuts.map(describeShortcut),
        disabled: !action.isEnabled(state),
        pick: then(() => action.perform(editor)),
      }))
      // The section holding the best match comes first, so Enter picks it.
      return [
        { name: 'Go to', commands: goTo },
        { name: 'Add a node', commands: add },
        { name: 'Actions', commands: actions },
      ].sort((a, b) => bestRank(a.commands) - bestRank(b.commands))
    },
    [editor, store, registry, nodes, close, pointer, seed, fitting],
  )

  return (
    <Modal title={fitting ? 'Add a linked node' : 'Search'} onClose={close} className="command-picker-dialog">
      <CommandPicker
        label={fitting ? 'Search the nodes that fit the link' : 'Search nodes and actions'}
        placeholder={fitting ? 'A node to take the link' : 'Go to a node, add one, or do an action'}
        sectionsFor={sectionsFor}
        emptyMessage={(query) => `Nothing matches “${query}”.`}
      />
    </Modal>
  )
}

/**
 * For a link dragged from `linkFrom`, each node type with a port that takes it (an input for an
 * output, an output for an input): its first such port, by type name.
 */
function fittingPorts(state: EditorState, registry: NodeRegistry, linkFrom: NonNullable<SearchSeed['linkFrom']>): Map<string, string> {
  const fromOutput = linkFrom.side === 'output'
  const dragged = portType(state.levelDoc, registry, linkFrom.port, fromOutput ? 'outputs' : 'inputs')
  const fitting = new Map<string, string>()
  if (!dragged) return fitting
  for (const definition of registry.list()) {
    const ports = Object.entries(fromOutput ? definition.inputs : definition.outputs)
    const port = ports.find(([, spec]) =>
      fromOutput ? linkRefusal(dragged, spec.type, spec.also) === undefined : linkRefusal(spec.type, dragged, alsoOf(state, registry, linkFrom.port)) === undefined,
    )
    if (port) fitting.set(definition.type, port[0])
  }
  return fitting
}

function alsoOf(state: EditorState, registry: NodeRegistry, ref: PortRef) {
  const node = state.levelDoc.nodes.find((candidate) => candidate.id === ref.node)
  return node ? registry.get(node.type)?.inputs[ref.port]?.also : undefined
}

/** "into Image or clip" / "from Graded": the port the new node is linked by. */
function portLabel(definition: AnyNodeDefinition, seed: SearchSeed | null, port: string): string {
  const fromOutput = seed?.linkFrom?.side === 'output'
  const spec = (fromOutput ? definition.inputs : definition.outputs)[port]
  return `${fromOutput ? 'into' : 'from'} ${spec?.label ?? port}`
}

