import { useId } from 'react'
import { ParamField } from './ParamField'
import type { ParamControl } from './param-control'

type NullableControl = Extract<ParamControl, { kind: 'nullable' }>

/** A checkbox that gives the param a value (the default, when it had none) or sets it to null; the value's control beneath while it is on. */
export function NullableField({ control, value, onChange }: { control: NullableControl; value: unknown; onChange(value: unknown): void }) {
  const id = useId()
  const current = value === undefined ? control.defaultValue : value
  const on = current !== null && current !== undefined
  return (
    <div className="field field--nullable">
      <div className="field field--checkbox">
        <input id={id} type="checkbox" checked={on} onChange={(event) => onChange(event.target.checked ? control.inner.defaultValue : null)} />
        <label htmlFor={id}>{control.enableLabel}</label>
      </div>
      {on ? <ParamField control={control.inner} value={current} onChange={onChange} /> : control.ui.description && <p className="field__hint">{control.ui.description}</p>}
    </div>
  )
}
