import './inspector.css'
import { useId } from 'react'
import { ChoiceField } from './ChoiceField'
import { FileField } from './FileField'
import { FilesField } from './FilesField'
import { GroupField } from './GroupField'
import { ListField } from './ListField'
import { NullableField } from './NullableField'
import { NumberField } from './NumberField'
import { offeredOptions, type ParamControl } from './param-control'

/** One param's control, chosen from its schema. */
export function ParamField({ control, value, onChange }: { control: ParamControl; value: unknown; onChange(value: unknown): void }) {
  const id = useId()
  const description = control.ui.description && <p className="field__hint">{control.ui.description}</p>
  switch (control.kind) {
    case 'slider':
    case 'number':
      return <NumberField control={control} value={value} onChange={onChange} />
    case 'file':
      return <FileField control={control} value={value} onChange={onChange} />
    case 'files':
      return <FilesField control={control} value={value} onChange={onChange} />
    case 'select': {
      const chosen = typeof value === 'string' ? value : String(control.defaultValue ?? '')
      return (
        <div className="field">
          <label htmlFor={id}>{control.label}</label>
          <select id={id} value={chosen} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}>
            {control.optional && <option value="">—</option>}
            {offeredOptions(control, chosen).map((option) => (
              <option key={option} value={option}>
                {control.ui.optionLabels?.[option] ?? option}
              </option>
            ))}
          </select>
          {description}
        </div>
      )
    }
    case 'choice':
      return <ChoiceField control={control} value={value} onChange={onChange} />
    case 'checkbox':
      return (
        <div className="field field--checkbox">
          <input id={id} type="checkbox" checked={value === true || (value === undefined && control.defaultValue === true)} onChange={(event) => onChange(event.target.checked)} />
          <label htmlFor={id}>{control.label}</label>
          {description}
        </div>
      )
    case 'text':
    case 'textarea': {
      const text = typeof value === 'string' ? value : typeof control.defaultValue === 'string' ? control.defaultValue : ''
      const Tag = control.kind === 'textarea' ? 'textarea' : 'input'
      return (
        <div className="field">
          <label htmlFor={id}>{control.label}</label>
          <Tag id={id} value={text} maxLength={control.maxLength} rows={control.kind === 'textarea' ? 5 : undefined} onChange={(event) => onChange(event.target.value)} />
          {description}
        </div>
      )
    }
    case 'numbers': {
      const values = control.items.map((item, index) => (Array.isArray(value) ? value[index] : undefined) ?? item.defaultValue)
      return (
        <fieldset className="field field--numbers">
          <legend>{control.label}</legend>
          {control.items.map((item, index) => (
            <NumberField
              key={item.name}
              control={item}
              value={values[index]}
              onChange={(number) => onChange(values.map((old, at) => (at === index ? number : old)))}
            />
          ))}
          {description}
        </fieldset>
      )
    }
    case 'group':
      return <GroupField control={control} value={value} onChange={onChange} />
    case 'list':
      return <ListField control={control} value={value} onChange={onChange} />
    case 'nullable':
      return <NullableField control={control} value={value} onChange={onChange} />
    case 'unsupported':
      return (
        <div className="field">
          <span className="field__label">{control.label}</span>
          {/* A node that edits such a value on its own panel says so in the param's description. */}
          <p className="field__hint">{control.ui.description ?? 'Set in the pipeline file; the inspector has no control for this kind of value yet.'}</p>
        </div>
      )
  }
}
