/*
 * Records keyed by names that come from documents: node ids, port names, param names. A plain `{}`
 * answers `constructor`, `toString` or `hasOwnProperty` from Object.prototype, and assigning
 * `__proto__` to it replaces its prototype instead of adding an entry. These records have no
 * prototype, and `ownValue` reads only what was put in a record, whatever made it.
 */

/** A record with no prototype: every name, `__proto__` included, is an ordinary entry. */
export function emptyRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>
}

/** `Object.fromEntries`, into a record with no prototype. */
export function recordFrom<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const record = emptyRecord<V>()
  for (const [key, value] of entries) record[key] = value
  return record
}

/** Whether `key` is one of the record's own entries (not something inherited, like `constructor`). */
export function hasEntry(record: object, key: string): boolean {
  return Object.hasOwn(record, key)
}

/** The record's own entry under `key`, or undefined: never a member of Object.prototype. */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}
