import { z } from 'zod'
import { formatPath } from '../graph'
import type { AnyNodeDefinition } from './define-node'
import { assetRefSchema, type AssetKind } from './values'

/**
 * Hints the inspector reads from a param's zod metadata (`.meta({ ui: 'slider', step: 0.1 })`).
 * Without a hint the form picks a control from the schema's type.
 */
export interface ParamUi {
  ui?: 'slider' | 'number' | 'select' | 'textarea' | 'text' | 'checkbox' | 'file' | 'color'
  label?: string
  step?: number
  /** For `file`: what the picker accepts, e.g. `image/*`. */
  accept?: string
  unit?: string
  description?: string
  /**
   * For an optional param: what leaving it empty means, shown in its empty box ("Auto", "The
   * prompt's", "×2 of the source"). Without it an empty optional number reads "Auto".
   */
  placeholder?: string
  /** For a param that may be null: the checkbox that gives it a value, e.g. "Normalise". */
  enableLabel?: string
  /**
   * For a list param: one entry per link into this list input, in link order (a mix's `tracks`).
   * The editor adds an entry when a link arrives, removes it with its link, and labels each row
   * with the node the link comes from.
   */
  perLink?: string
  /** For a number stored from 0 but said from 1 (a take index: take 1 is index 0): the inspector shows and takes it from 1. */
  countsFromOne?: boolean
  /** For `select` and a choice among literals: what an option is called where its value alone does not say enough. */
  optionLabels?: Readonly<Record<string, string>>
  /**
   * For `select`: options kept so documents holding them stay valid, but not offered for a new
   * choice (a provider whose API was shut down). A param that holds one keeps showing it.
   */
  closedOptions?: readonly string[]
}

/** A param that holds an asset from the store: an uploaded image, a LUT, a sound. */
export function assetParam(kind: AssetKind, accept: string) {
  return assetRefSchema
    .refine((ref) => ref.kind === kind, { message: `must be ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}` })
    .meta({ ui: 'file', accept } satisfies ParamUi)
}

/** The params that decide a node's result, and so its cache key: all but its `notes`. */
export function resultParams(definition: Pick<AnyNodeDefinition, 'notes'>, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!definition.notes?.length) return { ...params }
  const notes = new Set(definition.notes)
  return Object.fromEntries(Object.entries(params).filter(([name]) => !notes.has(name)))
}

/** The params one item of a node runs with (`forItem`); a node that keeps no choice per item runs every item with its params. */
export function paramsForItem(definition: Pick<AnyNodeDefinition, 'forItem'>, params: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  return definition.forItem ? definition.forItem(params, path) : params
}

/** The params with every default filled in, or the problems with them (paths relative to params). */
export function parseParams(
  schema: z.ZodObject,
  params: Record<string, unknown>,
): { ok: true; params: Record<string, unknown> } | { ok: false; problems: { path: string; message: string }[] } {
  const result = schema.safeParse(params)
  if (result.success) return { ok: true, params: result.data }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path.length ? formatPath(issue.path) : '',
      message: issue.message,
    })),
  }
}

/** One param as the inspector sees it: the schema under its wrappers, with their hints merged. */
export interface ParamDescription {
  /** The schema without `optional`, `nullable` and `default` around it. */
  base: z.ZodType
  ui: ParamUi
  optional: boolean
  nullable: boolean
  defaultValue: unknown
}

export function describeParam(schema: z.ZodType): ParamDescription {
  const description: ParamDescription = { base: schema, ui: {}, optional: false, nullable: false, defaultValue: undefined }
  let current: z.ZodType = schema
  for (;;) {
    // Outer hints win: `.optional().meta({ label })` relabels a shared schema.
    description.ui = { ...((current.meta() ?? {}) as ParamUi), ...description.ui }
    if (current instanceof z.ZodOptional) description.optional = true
    else if (current instanceof z.ZodNullable) description.nullable = true
    else if (current instanceof z.ZodDefault) description.defaultValue = current.def.defaultValue
    else break
    current = current.unwrap() as z.ZodType
  }
  description.base = current
  return description
}
