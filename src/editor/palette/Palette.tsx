import './palette.css'
import { useId, useMemo, useState, type DragEvent } from 'react'
import type { AnyNodeDefinition } from '../../engine'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { NODE_TYPE_DRAG } from '../canvas/palette-drag'
import { useNewNodeSpot } from '../canvas/use-new-node-spot'
import { paletteCategories } from './catalog'
import { matchingComponents, SavedComponents } from './SavedComponents'

/**
 * Every node type, searchable and by category, and the components saved to the library: click to add
 * in the middle, or drag a node type onto the canvas.
 */
export function Palette() {
  const { store, registry } = useEditorContext()
  const savedComponents = useEditorStore((state) => state.savedComponents)
  const newNodeSpot = useNewNodeSpot()
  const [search, setSearch] = useState('')
  const searchId = useId()
  const categories = useMemo(() => paletteCategories(registry.list(), search), [registry, search])

  const add = (definition: AnyNodeDefinition) => {
    const state = store.getState()
    state.selectOnly(state.addNode(definition.type, newNodeSpot()))
  }
  const startDrag = (event: DragEvent, definition: AnyNodeDefinition) => {
    event.dataTransfer.setData(NODE_TYPE_DRAG, definition.type)
    event.dataTransfer.effectAllowed = 'copy'
  }

  return (
    <nav className="palette" aria-label="Nodes">
      <label className="palette__search-label" htmlFor={searchId}>
        Search nodes
      </label>
      <input
        id={searchId}
        className="palette__search"
        type="search"
        placeholder="Search nodes"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {categories.length === 0 && matchingComponents(savedComponents, search).length === 0 && <p className="palette__empty">No node matches “{search}”.</p>}
      {categories.map((category) => (
        <section key={category.name} className="palette__category" aria-label={category.name}>
          <h2>{category.name}</h2>
          <ul>
            {category.definitions.map((definition) => (
              <li key={definition.type}>
                <button
                  type="button"
                  className="palette__entry"
                  draggable
                  onDragStart={(event) => startDrag(event, definition)}
                  onClick={() => add(definition)}
                  aria-label={`Add ${definition.title}`}
                  title={definition.description}
                >
                  <span className="palette__title">{definition.title}</span>
                  {definition.description && <span className="palette__description">{definition.description}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <SavedComponents search={search} />
    </nav>
  )
}
