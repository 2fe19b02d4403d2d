import { useId } from 'react'
import { useEditorStore } from '../state/use-editor-store'
import './expose-control.css'

/**
 * Beside a param in the inspector: makes it one of the template's inputs, shown under a label in
 * the simple form where a person runs the pipeline without opening the graph. Inside an open
 * component it makes it one of the component's inputs, set on each component node.
 */
export function ExposeControl({ nodeId, param, paramLabel }: { nodeId: string; param: string; paramLabel: string }) {
  const kind = useEditorStore((state) => (state.openPath.length > 0 ? 'Component input' : 'Template input'))
  const exposed = useEditorStore((state) => state.levelDoc.exposed?.find((entry) => entry.node === nodeId && entry.param === param))
  const setExposed = useEditorStore((state) => state.setExposed)
  const labelId = useId()
  return (
    <div className="expose">
      <label className="expose__toggle">
        <input
          type="checkbox"
          checked={exposed !== undefined}
          aria-label={`${kind}: ${paramLabel}`}
          onChange={(event) => setExposed(nodeId, param, event.target.checked ? paramLabel : undefined)}
        />
        {kind}
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
            aria-label={`Label of the ${kind.toLowerCase()} ${paramLabel}`}
            onChange={(event) => setExposed(nodeId, param, event.target.value)}
          />
        </>
      )}
    </div>
  )
}
