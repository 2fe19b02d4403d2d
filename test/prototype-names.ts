import { expect } from 'vitest'

/**
 * Names that a plain object answers from Object.prototype: as node ids, ports or param names they
 * must be ordinary names like any other.
 */
export const prototypeNames = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
] as const

const pristine = Object.getOwnPropertyNames(Object.prototype).sort()

/** Fails when anything added to or replaced on Object.prototype (a `__proto__` key that was assigned). */
export function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(pristine)
  expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
}

/**
 * The promise's value, or a failure saying it never settled within `ms`: a hang must fail a test
 * with a reason, not stall the suite.
 */
export async function settled<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} never finished`)), ms)
  })
  try {
    return await Promise.race([promise, hung])
  } finally {
    clearTimeout(timer)
  }
}
