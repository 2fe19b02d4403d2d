import { componentIdOf, type PipelineDoc } from '../../graph'
import { useEditorStore } from '../state/use-editor-store'
import './components.css'

/** Over the canvas while a component is open: the way back out, one level at a time. */
export function ComponentBreadcrumb() {
  const path = useEditorStore((state) => state.openPath)
  const doc = useEditorStore((state) => state.doc)
  const closeComponent = useEditorStore((state) => state.closeComponent)
  if (path.length === 0) return null
  const names = levelNames(doc, path)
  return (
    <nav className="component-breadcrumb" aria-label="Open component">
      <ol>
        <li>
          <button type="button" onClick={() => closeComponent(0)}>
            {doc.name || 'Pipeline'}
          </button>
        </li>
        {names.map((name, i) => (
          <li key={path[i]}>
            {i === names.length - 1 ? (
              <span aria-current="page">{name}</span>
            ) : (
              <button type="button" onClick={() => closeComponent(i + 1)}>
                {name}
              </button>
            )}
          </li>
        ))}
      </ol>
      <p className="component-breadcrumb__hint">Editing a component: every node of it changes.</p>
    </nav>
  )
}

/** The name of each opened component node, from the top down. */
function levelNames(doc: PipelineDoc, path: readonly string[]): string[] {
  const names: string[] = []
  let nodes = doc.nodes
  for (const instanceId of path) {
    const node = nodes.find((candidate) => candidate.id === instanceId)
    const component = doc.components?.find((candidate) => candidate.id === componentIdOf(node?.type ?? ''))
    names.push(node?.label ?? component?.name ?? instanceId)
    nodes = component?.nodes ?? []
  }
  return names
}
