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
    /** A few fixed values that are not words (an upscale's ×2 or ×4): one segment each, all in view. */
    | { kind: 'choice'; options: ChoiceOption[] }
    | { kind: 'checkbox' }
    | { kind: 'textarea' | 'text'; maxLength?: number }
    | { kind: 'file'; accept?: string; assetKind: AssetKind }
    /** Several files of one kind, such as a reference's or a character's images: added together, removed one by one. */
    | { kind: 'files'; accept?: string; assetKind: AssetKind; maxItems?: number }
    /** A fixed list of numbers, such as a CDL slope's red, green and blue: one number control each. */
    | { kind: 'numbers'; items: NumberControl[] }
    /** Settings that belong together, such as a mix's ducking: a control per field, grouped. */
    | { kind: 'group'; fields: ParamControl[] }
    /** A list the person grows and shrinks, such as a mix's tracks: a row per entry, each with `item`'s control. */
    | { kind: 'list'; item: ParamControl; itemLabel: string; newItem: unknown; maxItems?: number }
    /** A value that may be left out (null), such as a loudness target: a checkbox turns `inner` on. */
    | { kind: 'nullable'; enableLabel: string; inner: ParamControl }
    | { kind: 'unsupported' }
  )

export type NumberControl = Extract<ParamControl, { kind: 'slider' | 'number' }>

export interface ChoiceOption {
  value: string | number | boolean
  label: string
}

export function paramControl(name: string, schema: z.ZodType): ParamControl {
  const { base: described, ui, optional, nullable, defaultValue } = describeParam(schema)
  // A `prefault({})` object fills its fields' defaults in; describeParam leaves that wrapper on.
  const base = described instanceof z.ZodPrefault ? (described.unwrap() as z.ZodType) : described
  const named = unitInName(name)
  const hinted: ParamUi = named && ui.unit === undefined ? { ...ui, unit: named.unit } : ui
  const label = ui.label ?? titleOf(named?.stem ?? name)
  const common: ControlBase = { name, label, ui: hinted, optional, defaultValue: defaultValue ?? filledDefault(schema), schema: base }
  if (nullable) return nullableControl(common, base)
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
  if (base instanceof z.ZodObject) return { ...common, kind: 'group', fields: fieldControls(name, base) }
  if (base instanceof z.ZodArray) return listControl(common, base)
  if (base instanceof z.ZodEnum) return { ...common, kind: 'select', options: base.options.map(String) }
  const literals = literalValues(base)
  if (literals) return { ...common, kind: 'choice', options: literals.map((value) => ({ value, label: ui.optionLabels?.[String(value)] ?? String(value) })) }
  if (base instanceof z.ZodBoolean) return { ...common, kind: 'checkbox' }
  if (base instanceof z.ZodString) {
    const maxLength = base.maxLength ?? undefined
    return { ...common, kind: ui.ui === 'textarea' ? 'textarea' : 'text', ...(maxLength !== undefined ? { maxLength } : {}) }
  }
  return { ...common, kind: 'unsupported' }
}

/** The values of a literal or a union of literals (`z.union([z.literal(2), z.literal(4)])`); else undefined. */
function literalValues(schema: z.ZodType): (string | number | boolean)[] | undefined {
  const members = schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]) : [schema]
  const values: (string | number | boolean)[] = []
  for (const member of members) {
    if (!(member instanceof z.ZodLiteral)) return undefined
    for (const value of member.values) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined
      values.push(value)
    }
  }
  return values.length > 0 ? values : undefined
}

/** The value a param takes when it is left out, such as a `prefault({})` object's defaults; else undefined. */
function filledDefault(schema: z.ZodType): unknown {
  const parsed = schema.safeParse(undefined)
  return parsed.success ? parsed.data : undefined
}

function fieldControls(name: string, schema: z.ZodObject): ParamControl[] {
  return Object.entries(schema.shape).map(([field, fieldSchema]) => ({ ...paramControl(field, fieldSchema as z.ZodType), name: `${name}.${field}` }))
}

/** A list of values the inspector can edit one by one; `unsupported` when it cannot edit its items. */
function listControl(common: ControlBase, schema: z.ZodArray): ParamControl {
  const item = paramControl(`${common.name}[]`, schema.element as z.ZodType)
  const maxItems = longestList(schema)
  if (item.kind === 'file') {
    return { ...common, defaultValue: common.defaultValue ?? [], kind: 'files', accept: item.accept, assetKind: item.assetKind, ...(typeof maxItems === 'number' ? { maxItems } : {}) }
  }
  if (item.kind === 'unsupported') return { ...common, kind: 'unsupported' }
  // A new entry is the item's defaults: `{}` filled in for an object, the item's own default otherwise.
  const newItem = item.kind === 'group' ? (schema.element as z.ZodType).safeParse({}).data : item.defaultValue
  return {
    ...common,
    defaultValue: common.defaultValue ?? [],
    kind: 'list',
    item,
    itemLabel: singular(common.label),
    newItem,
    ...(typeof maxItems === 'number' ? { maxItems } : {}),
  }
}

/** The `.max(n)` of a list: zod keeps it only among the array's checks. */
function longestList(schema: z.ZodArray): number | undefined {
  for (const check of schema.def.checks ?? []) {
    const def = check._zod.def
    if (def.check === 'max_length' && 'maximum' in def && typeof def.maximum === 'number') return def.maximum
  }
  return undefined
}

/**
 * The checkbox says what turning the value on does (`enableLabel`, say "Normalise"); the inner
 * control keeps the param's label and hints, and checks values without the null.
 */
function nullableControl(common: ControlBase, base: z.ZodType): ParamControl {
  const inner = paramControl(common.name, base.meta({ ...common.ui }))
  const innerDefault = common.defaultValue ?? inner.defaultValue
  return {
    ...common,
    kind: 'nullable',
    enableLabel: common.ui.enableLabel ?? common.label,
    inner: { ...inner, label: common.label, defaultValue: innerDefault },
  }
}

/** "Tracks" → "Track": what one row of a list is called. */
function singular(label: string): string {
  return /[^s]s$/.test(label) ? label.slice(0, -1) : label
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

/** Units params carry in their names, as `gainDb` and `attackMs` do. */
const UNITS_IN_NAMES: Record<string, string> = { Db: 'dB', Ms: 'ms', S: 's', Hz: 'Hz', Lufs: 'LUFS' }

/** `attackMs` → stem `attack`, unit `ms`: a param named with its unit is labelled without it. */
function unitInName(name: string): { stem: string; unit: string } | undefined {
  const match = /^(.*[a-z0-9])(Db|Ms|S|Hz|Lufs)$/.exec(name)
  if (!match) return undefined
  return { stem: match[1]!, unit: UNITS_IN_NAMES[match[2]!]! }
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

/**
 * The options a select offers: all but the closed ones (a provider whose API was shut down), unless
 * the param already holds it, so a document naming one still shows what it holds.
 */
export function offeredOptions(control: Extract<ParamControl, { kind: 'select' }>, chosen: string): string[] {
  return control.options.filter((option) => option === chosen || !control.ui.closedOptions?.includes(option))
}

/** Why a value is refused by the param's schema, in one sentence; undefined when it is fine. */
export function valueProblem(control: ParamControl, value: unknown): string | undefined {
  const checked = control.schema.safeParse(value)
  if (checked.success) return undefined
  if ((control.kind === 'slider' || control.kind === 'number') && typeof value === 'number') {
    const { min, max } = control
    const shift = control.ui.countsFromOne ? 1 : 0
    if (min !== undefined && max !== undefined) return `${control.label} goes from ${min + shift} to ${max + shift}.`
  }
  return `${control.label}: ${checked.error.issues[0]?.message ?? 'not a valid value'}.`
}
