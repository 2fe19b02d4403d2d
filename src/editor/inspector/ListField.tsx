import { ParamField } from './ParamField'
import { fieldKey, recordOf } from './GroupField'
import type { ParamControl } from './param-control'

type ListControl = Extract<ParamControl, { kind: 'list' }>

/**
 * A list the person grows and shrinks: one collapsible row per entry, with the item's controls, and
 * buttons to add and remove rows. The row's title names it by its first choice (a track's role).
 * A list kept at one entry per link (`linkedNames`, a mix's tracks) grows and shrinks with its
 * links instead: each row is titled with the node its link comes from, and only a row left
 * without a link can be removed here.
 */
export function ListField({
  control,
  value,
  onChange,
  linkedNames,
}: {
  control: ListControl
  value: unknown
  onChange(value: unknown[]): void
  linkedNames?: readonly string[]
}) {
  const entries: unknown[] = Array.isArray(value) ? value : Array.isArray(control.defaultValue) ? control.defaultValue : []
  // A link without an entry yet (a document written by hand) shows a row of defaults.
  const rows = linkedNames && linkedNames.length > entries.length ? [...entries, ...linkedNames.slice(entries.length).map(() => undefined)] : entries
  const full = control.maxItems !== undefined && rows.length >= control.maxItems
  const change = (index: number, row: unknown) =>
    onChange(rows.map((old, at) => (at === index ? row : (old ?? structuredClone(control.newItem)))))
  const rowTitle = (index: number) => {
    const title = `${control.itemLabel} ${index + 1}`
    if (!linkedNames) return title
    return `${title} · ${linkedNames[index] ?? 'not linked'}`
  }
  return (
    <fieldset className="field field--list">
      <legend>{control.label}</legend>
      {control.ui.description && <p className="field__hint">{control.ui.description}</p>}
      {rows.map((row, index) => {
        const title = rowTitle(index)
        const removable = !linkedNames || index >= linkedNames.length
        return (
          <details key={index} className="field__entry" open>
            <summary>
              <span>{title}</span>
              <span className="field__entry-summary">{rowSummary(control.item, row)}</span>
              {removable && (
                <button type="button" className="button--quiet" aria-label={`Remove ${title.toLowerCase()}`} onClick={() => onChange(rows.filter((_, at) => at !== index))}>
                  Remove
                </button>
              )}
            </summary>
            <div className="field__entry-fields">
              {control.item.kind === 'group' ? (
                control.item.fields.map((field) => {
                  const fields = recordOf(row) ?? {}
                  const key = fieldKey(field)
                  return <ParamField key={field.name} control={field} value={fields[key]} onChange={(changed) => change(index, { ...fields, [key]: changed })} />
                })
              ) : (
                <ParamField control={{ ...control.item, label: title }} value={row} onChange={(changed) => change(index, changed)} />
              )}
            </div>
          </details>
        )
      })}
      {linkedNames ? (
        rows.length === 0 && <p className="field__hint">Link a node into {control.ui.perLink} and its row appears here.</p>
      ) : (
        <button type="button" disabled={full} onClick={() => onChange([...rows, structuredClone(control.newItem)])}>
          Add {control.itemLabel.toLowerCase()}
        </button>
      )}
    </fieldset>
  )
}

/** A row's first choice from a list of options (a track's role), so a folded row still says what it is. */
function rowSummary(item: ParamControl, row: unknown): string | undefined {
  if (item.kind !== 'group') return undefined
  const choice = item.fields.find((field) => field.kind === 'select')
  if (!choice) return undefined
  const picked = recordOf(row)?.[fieldKey(choice)] ?? choice.defaultValue
  return typeof picked === 'string' ? picked : undefined
}
