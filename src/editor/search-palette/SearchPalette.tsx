import { useCallback, useState } from 'react'
import { useEditorContext } from '../../app/store/use-editor-context'
import { useEditorStore } from '../../app/store/use-editor-store'
import { everyAction } from '../actions'
import { openSearchPaletteAction } from '../actions/open-search-palette'
import { describeShortcut } from '../actions/shortcut'
import { CommandPicker, type Command, type CommandSection } from '../command-picker/CommandPicker'
import { Modal } from '../dialogs/Modal'
import { matchesSearch, paletteCategories } from '../palette/catalog'

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
      const goTo: Command[] = spots
        ? nodes
            .map((node) => ({ node, title: registry.get(node.type)?.title ?? node.type }))
            .filter(({ node, title }) => matchesSearch(query, [node.label, title, node.id, node.type]))
            .slice(0, MOST_NODES_LISTED)
            .map(({ node, title }) => ({
              id: `go:${node.id}`,
              label: node.label ?? title,
              detail: `${title} · ${node.id}`,
              pick: then(() => {
                store.getState().selectOnly(node.id)
                spots.frame([node.id])
              }),
            }))
        : []
      const add: Command[] = spots
        ? paletteCategories(registry.list(), query).flatMap((category) =>
            category.definitions.map((definition) => ({
              id: `add:${definition.type}`,
              label: `Add ${definition.title}`,
              detail: category.name,
              pick: then(() => {
                const now = store.getState()
                now.selectOnly(now.addNode(definition.type, pointer ?? spots.middle()))
              }),
            })),
          )
        : []
      const actions: Command[] = everyAction
        .filter((action) => action !== openSearchPaletteAction && matchesSearch(query, [action.label, action.name]))
        .map((action) => ({
          id: `do:${action.name}`,
          label: action.label,
          keys: action.shortcuts.map(describeShortcut),
          disabled: !action.isEnabled(state),
          pick: then(() => action.perform(editor)),
        }))
      return [
        { name: 'Go to', commands: goTo },
        { name: 'Add a node', commands: add },
        { name: 'Actions', commands: actions },
      ]
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
