import { useCallback, useState } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { everyAction } from '../actions'
import { openSearchPaletteAction } from '../actions/open-search-palette'
import { describeShortcut } from '../actions/shortcut'
import { CommandPicker, type Command, type CommandSection } from '../command-picker/CommandPicker'
import { Modal } from '../dialogs/Modal'
import { paletteCategories } from '../palette/catalog'
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

  const sectionsFor = useCallback(
    (query: string): CommandSection[] => {
      const state = store.getState()
      const spots = state.canvasSpots
      const then = (pick: () => void) => () => {
        close()
        pick()
      }
      // Without the canvas (a template's simple form) there is nowhere to go to or add a node.
      const goTo: RankedCommand[] = spots
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
      const add: RankedCommand[] = spots
        ? rankedMatches(query, paletteCategories(registry.list(), '').flatMap((category) => category.definitions), (definition) => ({
            title: definition.title,
            key: definition.type,
            synonyms: nodeTypeSynonyms[definition.type],
            more: [definition.category, definition.description],
          })).map(({ thing: definition, rank }) => ({
            rank,
            id: `add:${definition.type}`,
            label: `Add ${definition.title}`,
            detail: definition.category,
            pick: then(() => {
              const now = store.getState()
              now.selectOnly(now.addNode(definition.type, pointer ?? spots.middle()))
            }),
          }))
        : []
      const actions: RankedCommand[] = rankedMatches(
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
    [editor, store, registry, nodes, close, pointer],
  )

  return (
    <Modal title="Search" onClose={close} className="command-picker-dialog">
      <CommandPicker
        label="Search nodes and actions"
        placeholder="Go to a node, add one, or do an action"
        sectionsFor={sectionsFor}
        emptyMessage={(query) => `Nothing matches “${query}”.`}
      />
    </Modal>
  )
}
