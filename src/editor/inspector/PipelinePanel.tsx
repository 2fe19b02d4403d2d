import { useId } from 'react'
import { useEditorStore } from '../state/use-editor-store'

/** With nothing selected, the inspector shows the pipeline itself. */
export function PipelinePanel() {
  const name = useEditorStore((state) => state.doc.name)
  const id = useEditorStore((state) => state.doc.id)
  const nodeCount = useEditorStore((state) => state.doc.nodes.length)
  const linkCount = useEditorStore((state) => state.doc.edges.length)
  const rename = useEditorStore((state) => state.renamePipeline)
  const fieldId = useId()
  return (
    <>
      <header className="inspector__header">
        <h2>Pipeline</h2>
        <p className="inspector__kind">
          {nodeCount} {nodeCount === 1 ? 'node' : 'nodes'} · {linkCount} {linkCount === 1 ? 'link' : 'links'}
        </p>
      </header>
      <div className="field">
        <label htmlFor={fieldId}>Pipeline name</label>
        <input
          id={fieldId}
          key={`${id}\u0000${name}`}
          type="text"
          defaultValue={name}
          maxLength={200}
          onBlur={(event) => void rename(id, event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur()
          }}
        />
      </div>
      <p className="inspector__hint">
        Select a node to set it up. Add nodes from the left (click, or drag onto the canvas); drop or paste an image to bring in a
        plate.
      </p>
    </>
  )
}
