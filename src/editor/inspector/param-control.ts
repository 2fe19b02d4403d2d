import { z } from 'zod'
import { assetKinds, describeParam, type AssetKind, type ParamUi } from '../../engine'

interface ControlBase {
  name: string
  label: string
  ui: ParamUi
  optional: boolean
  defaultValue: unknown
  /** Checks a value the person typed, with the schema's own message when it is refused. */
  schema: z.ZodType
}

/** Which form control a param gets, read from its zod schema and its UI hints. */
export type ParamControl = ControlBase &
  (
    | { kind: 'slider'; min: number; max: number; step: number; integer: boolean }
    | { kind: 'number'; min?: number; max?: number; step: number; integer: boolean }
    | { kind: 'select'; options: string[] }
    | { kind: 'checkbox' }
    | { kind: 'textarea' | 'text'; maxLength?: number }
    | { kind: 'file'; accept?: string; assetKind: AssetKind }
    /** A fixed list of numbers, such as a CDL slope's red, green and blue: one number control each. */
    | { kind: 'numbers'; items: NumberControl[] }
    | { kind: 'unsupported' }
  )

export type NumberControl = Extract<ParamControl, { kind: 'slider' | 'number' }>

export function paramControl(name: string, schema: z.ZodType): ParamControl {
  const { base, ui, optional, defaultValue } = describeParam(schema)
  const common: ControlBase = { name, label: ui.label ?? titleOf(name), ui, optional, defaultValue, schema: base }
  if (ui.ui === 'file') return { ...common, kind: 'file', accept: ui.accept, assetKind: assetKindOf(base) }
  if (base instanceof z.ZodNumber) {
    const min = finite(base.minValue)
    const max = finite(base.maxValue)
    const integer = base.isInt
    const step = ui.step ?? (integer ? 1 : 0.01)
    const wantsSlider = ui.ui === 'slider' || (ui.ui === undefined && min !== undefined && max !== undefined)
    if (wantsSlider && min !== undefined && max !== undefined) return { ...common, kind: 'slider', min, max, step, integer }
    return { ...common, kind: 'number', min, max, step, integer }
  }
  if (base instanceof z.ZodTuple) {
    const items = numberItems(name, common, base)
    if (items) return { ...common, kind: 'numbers', items }
  }
  if (base instanceof z.ZodEnum) return { ...common, kind: 'select', options: base.options.map(String) }
  if (base instanceof z.ZodBoolean) return { ...common, kind: 'checkbox' }
  if (base instanceof z.ZodString) {
    const maxLength = base.maxLength ?? undefined
    return { ...common, kind: ui.ui === 'textarea' ? 'textarea' : 'text', ...(maxLength !== undefined ? { maxLength } : {}) }
  }
  return { ...common, kind: 'unsupported' }
}

/** A control per item of a tuple of numbers, labelled "Slope red" from the item's own label; else undefined. */
function numberItems(name: string, tuple: ControlBase, schema: z.ZodTuple): NumberControl[] | undefined {
  const defaults: unknown[] = Array.isArray(tuple.defaultValue) ? tuple.defaultValue : []
  const items = schema.def.items.map((item, index) => {
    const control = paramControl(`${name}.${index}`, item as z.ZodType)
    const label = `${tuple.label} ${control.ui.label ?? index + 1}`
    return { ...control, label, defaultValue: defaults[index] ?? control.defaultValue }
  })
  return items.every((item): item is NumberControl => item.kind === 'slider' || item.kind === 'number') ? items : undefined
}

/** "shotLength" or "shot_length" → "Shot length". */
function titleOf(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A bound a person would set; `.int()` alone bounds a number at ±MAX_SAFE_INTEGER, which is no range. */
function finite(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined
  return Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined
}

/** The asset kind a file param takes: the one kind its schema accepts. */
function assetKindOf(schema: z.ZodType): AssetKind {
  const sample = { hash: '0'.repeat(64), mime: 'application/octet-stream', bytes: 0, meta: {} }
  return assetKinds.find((kind) => schema.safeParse({ ...sample, kind }).success) ?? 'file'
}

/** Why a value is refused by the param's schema, in one sentence; undefined when it is fine. */
export function valueProblem(control: ParamControl, value: unknown): string | undefined {
  const checked = control.schema.safeParse(value)
  if (checked.success) return undefined
  if ((control.kind === 'slider' || control.kind === 'number') && typeof value === 'number') {
    const { min, max } = control
    if (min !== undefined && max !== undefined) return `${control.label} goes from ${min} to ${max}.`
  }
  return `${control.label}: ${checked.error.issues[0]?.message ?? 'not a valid value'}.`
}
