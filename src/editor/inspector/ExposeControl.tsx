import { useId } from 'react'
import { useEditorStore } from '../../app/store/use-editor-store'
import './expose-control.css'

/**
 * Beside a param in the inspector: makes it one of the template's inputs, shown under a label in
 * the simple form where a person runs the pipeline without opening the graph.
 */
export function ExposeControl({ nodeId, param, paramLabel }: { nodeId: string; param: string; paramLabel: string }) {
  const exposed = useEditorStore((state) => state.doc.exposed?.find((entry) => entry.node === nodeId && entry.param === param))
  const setExposed = useEditorStore((state) => state.setExposed)
  const labelId = useId()
  return (
    <div className="expose">
      <label className="expose__toggle">
        <input
          type="checkbox"
          checked={exposed !== undefined}
          aria-label={`Template input: ${paramLabel}`}
          onChange={(event) => setExposed(nodeId, param, event.target.checked ? paramLabel : undefined)}
        />
        Template input
      </label>
      {exposed && (
        <>
          <label htmlFor={labelId} className="expose__label-name">
            Shown as
          </label>
          <input
            id={labelId}
            type="text"
            value={exposed.label}
            maxLength={200}
            placeholder={paramLabel}
            aria-label={`Label of the template input ${paramLabel}`}
            onChange={(event) => setExposed(nodeId, param, event.target.value)}
          />
        </>
      )}
    </div>
  )
}
