import { sha256Hex } from './sha256'

/**
 * JSON with object keys sorted at every level, so two equal values always give the same text
 * whatever order their keys were written in. `undefined` fields are left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot key a non-finite number (${value})`)
    return JSON.stringify(Object.is(value, -0) ? 0 : value) ?? 'null'
  }
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      out += value[i] === undefined ? 'null' : canonicalJson(value[i])
    }
    return `${out}]`
  }
  const record = value as Record<string, unknown>
  let out = '{'
  for (const key of Object.keys(record).sort()) {
    const field = record[key]
    if (field === undefined) continue
    if (out.length > 1) out += ','
    out += `${JSON.stringify(key)}:${canonicalJson(field)}`
  }
  return `${out}}`
}

/** The key of one input: where its value comes from, or the keys of a list's values in link order. */
export type InputKey = string | string[]

export interface CacheKeyParts {
  type: string
  typeVersion: number
  params: Record<string, unknown>
  inputs: Record<string, InputKey>
}

/**
 * A node's cache key: what it is, how it is set, and the keys of what flows into it. Ids, positions
 * and labels stay out, so moving or renaming a node keeps its cache; a change upstream changes every
 * key below it.
 */
export function cacheKey(parts: CacheKeyParts): string {
  return sha256Hex(canonicalJson(parts))
}

/**
 * `cacheKey` for a node whose items differ only in their inputs' keys: what they share (type,
 * version, params) is written out once, so each item hashes only its own inputs on top of it.
 */
export function keyOfInputs(type: string, typeVersion: number, params: Record<string, unknown>): (inputs: Record<string, InputKey>) => string {
  // `canonicalJson` of `CacheKeyParts`, its fields in sorted order.
  const rest = `,"params":${canonicalJson(params)},"type":${canonicalJson(type)},"typeVersion":${canonicalJson(typeVersion)}}`
  return (inputs) => sha256Hex(`{"inputs":${canonicalJson(inputs)}${rest}`)
}

/** The key of one part of a node's work (`RunContext.memo`): the node's type, the part, and the keys of its inputs. */
export function partKey(type: string, typeVersion: number, parts: Record<string, unknown>, inputKeys: Record<string, InputKey>): string {
  return cacheKey({ type, typeVersion, params: parts, inputs: inputKeys })
}

/** The key of the value on one output port of a node. */
export function outputKey(nodeCacheKey: string, port: string): string {
  return `${nodeCacheKey}:${port}`
}
