import { useEffect } from 'react'
import { serializePipeline } from '../../graph'
import type { ComponentSummary } from '../../storage'
import { download, fileNameFor } from '../actions/download'
import { useNewNodeSpot } from '../canvas/use-new-node-spot'
import { useEditorStore } from '../state/use-editor-store'
import { matchesSearch } from './catalog'
import './saved-components.css'

/** The saved components matching `search` (name, or the word "component"). */
export function matchingComponents(saved: readonly ComponentSummary[], search: string): ComponentSummary[] {
  return saved.filter((component) => matchesSearch(search, [component.name, 'component']))
}

/**
 * The palette's "Components" section: components saved to the library from any pipeline. A click
 * places one (its definitions come into this pipeline); each can be exported as a file or removed
 * from the library, which changes no pipeline that already places it.
 */
export function SavedComponents({ search }: { search: string }) {
  const saved = useEditorStore((state) => state.savedComponents)
  const refresh = useEditorStore((state) => state.refreshComponents)
  const place = useEditorStore((state) => state.placeSavedComponent)
  const fileOf = useEditorStore((state) => state.savedComponentFile)
  const remove = useEditorStore((state) => state.deleteSavedComponent)
  const reportProblem = useEditorStore((state) => state.reportProblem)
  const newNodeSpot = useNewNodeSpot()
  useEffect(() => {
    void refresh()
  }, [refresh])

  const matching = matchingComponents(saved, search)
  if (matching.length === 0) return null
  const exportFile = (component: ComponentSummary) =>
    fileOf(component.id).then(
      (file) => download(new Blob([serializePipeline(file)], { type: 'application/json' }), `${fileNameFor(component.name)}.reelgraph.json`),
      reportProblem,
    )
  return (
    <section className="palette__category saved-components" aria-label="Components">
      <h2>Components</h2>
      <ul>
        {matching.map((component) => (
          <li key={component.id} className="saved-components__row">
            <button type="button" className="palette__entry" onClick={() => void place(component.id, newNodeSpot())} aria-label={`Add component ${component.name}`}>
              <span className="palette__title">{component.name}</span>
              <span className="palette__description">
                Saved component, {component.nodeCount} node{component.nodeCount === 1 ? '' : 's'} inside
              </span>
            </button>
            <span className="saved-components__actions">
              <button type="button" onClick={() => void exportFile(component)} aria-label={`Export component ${component.name}`}>
                Export
              </button>
              <button type="button" onClick={() => void remove(component.id)} aria-label={`Remove component ${component.name} from the library`}>
                Remove
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
