import { useId } from 'react'
import type { ParamControl } from './param-control'

type ChoiceControl = Extract<ParamControl, { kind: 'choice' }>

/** A few fixed values side by side, the chosen one pressed: one click chooses, the arrow keys move along them. */
export function ChoiceField({ control, value, onChange }: { control: ChoiceControl; value: unknown; onChange(value: unknown): void }) {
  const name = useId()
  const chosen = value === undefined ? control.defaultValue : value
  return (
    <fieldset className="field field--choice">
      <legend className="field__label">{control.label}</legend>
      <div className="choice" role="radiogroup" aria-label={control.label}>
        {control.options.map((option) => (
          <label key={String(option.value)} className="choice__option">
            <input type="radio" name={name} checked={Object.is(chosen, option.value)} onChange={() => onChange(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {control.ui.description && <p className="field__hint">{control.ui.description}</p>}
    </fieldset>
  )
}
