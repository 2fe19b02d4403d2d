import { z } from 'zod'
import { formatPath } from '../graph'
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
}

/** A param that holds an asset from the store: an uploaded image, a LUT, a sound. */
export function assetParam(kind: AssetKind, accept: string) {
  return assetRefSchema
    .refine((ref) => ref.kind === kind, { message: `must be a ${kind}` })
    .meta({ ui: 'file', accept } satisfies ParamUi)
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

/** The UI hints of one param of a schema. */
export function paramUi(schema: z.ZodType): ParamUi {
  return (schema.meta() ?? {}) as ParamUi
}
