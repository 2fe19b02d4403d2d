import { ParamField } from './ParamField'
import type { ParamControl } from './param-control'

type GroupControl = Extract<ParamControl, { kind: 'group' }>

/** Settings that belong together, in one fieldset; a field left out shows its own default. */
export function GroupField({ control, value, onChange }: { control: GroupControl; value: unknown; onChange(value: Record<string, unknown>): void }) {
  const fields = recordOf(value) ?? recordOf(control.defaultValue) ?? {}
  return (
    <fieldset className="field field--group">
      <legend>{control.label}</legend>
      {control.ui.description && <p className="field__hint">{control.ui.description}</p>}
      {control.fields.map((field) => {
        const key = fieldKey(field)
        return <ParamField key={field.name} control={field} value={fields[key]} onChange={(changed) => onChange({ ...fields, [key]: changed })} />
      })}
    </fieldset>
  )
}

/** `duck.amountDb` → `amountDb`: the field's own key in its object. */
export function fieldKey(control: ParamControl): string {
  return control.name.slice(control.name.lastIndexOf('.') + 1)
}

export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}
