import { useId, useState } from 'react'
import { valueProblem, type ParamControl } from './param-control'

type NumberControl = Extract<ParamControl, { kind: 'slider' | 'number' }>

/**
 * A number: a slider beside a box when it has a range, a box alone otherwise. What is typed is
 * written only once it is a valid value; until then the box says what is wrong and the node keeps
 * its last good value. An optional number with no default may be empty: its box then says what the
 * node will use ("Auto"), and emptying the box leaves the param out again.
 */
export function NumberField({ control, value, onChange }: { control: NumberControl; value: unknown; onChange(value: number | undefined): void }) {
  const id = useId()
  // What was typed, kept only while it belongs to the value on the node: an undo, or a change made
  // elsewhere, shows the node's value again instead of a stale draft.
  const [typed, setTyped] = useState<{ text: string; forValue: unknown; problem?: string } | null>(null)
  const draft = typed && Object.is(typed.forValue, value) ? typed : null
  const problem = draft?.problem
  const emptyAllowed = control.optional && control.defaultValue === undefined
  const placeholder = emptyAllowed ? (control.ui.placeholder ?? 'Auto') : undefined
  const stored = typeof value === 'number' ? value : typeof control.defaultValue === 'number' ? control.defaultValue : undefined
  // What the box shows and takes, which is the stored value unless it is said from 1 (a take).
  const shift = control.ui.countsFromOne ? 1 : 0
  const current = stored === undefined ? undefined : stored + shift

  const type = (text: string) => {
    if (emptyAllowed && text.trim() === '') {
      setTyped({ text, forValue: undefined })
      return onChange(undefined)
    }
    const number = Number(text) - shift
    const found = text.trim() === '' || !Number.isFinite(number) ? `${control.label} must be a number.` : valueProblem(control, number)
    if (found !== undefined) return setTyped({ text, forValue: value, problem: found })
    setTyped({ text, forValue: number })
    onChange(number)
  }
  const slide = (text: string) => {
    setTyped(null)
    onChange(Number(text) - shift)
  }

  return (
    <div className="field field--number">
      <label htmlFor={id}>{control.label}</label>
      <div className="field__row">
        {control.kind === 'slider' && (
          <input
            type="range"
            aria-label={`${control.label} slider`}
            min={control.min + shift}
            max={control.max + shift}
            step={control.step}
            value={current ?? control.min + shift}
            onChange={(event) => slide(event.target.value)}
          />
        )}
        <input
          id={id}
          type="number"
          className="field__number"
          min={control.min === undefined ? undefined : control.min + shift}
          max={control.max === undefined ? undefined : control.max + shift}
          step={control.step}
          value={draft?.text ?? (current === undefined ? '' : String(current))}
          placeholder={placeholder}
          // Wide enough to read what an empty box means.
          style={placeholder ? { minWidth: `calc(${placeholder.length}ch + 28px)` } : undefined}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(event) => type(event.target.value)}
        />
        {control.ui.unit && <span className="field__unit">{control.ui.unit}</span>}
      </div>
      {problem && (
        <p id={`${id}-problem`} className="field__problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}
