import { baseValueTypes, type BaseValueType, type PortType } from './types'

export function isPortType(value: string): value is PortType {
  if (value === 'any') return true
  const base = value.endsWith('[]') ? value.slice(0, -2) : value
  return (baseValueTypes as readonly string[]).includes(base)
}

export function isListType(type: PortType): type is `${BaseValueType}[]` {
  return type.endsWith('[]')
}

export function elementType(type: PortType): BaseValueType | 'any' {
  return isListType(type) ? (type.slice(0, -2) as BaseValueType) : (type as BaseValueType | 'any')
}

/**
 * Why a link from an output of type `from` into an input of type `to` is refused, or undefined when
 * it is allowed. A list input gathers single values or whole lists of its element type, and of the
 * types it takes `also`; a list into an input that takes one of its items runs that node once per
 * item (README, "Lists").
 */
export function linkRefusal(from: PortType, to: PortType, also: readonly BaseValueType[] = []): string | undefined {
  if (to === 'any' || from === 'any' || from === to) return undefined
  if (isListType(to) && (elementType(to) === elementType(from) || also.some((type) => type === elementType(from)))) return undefined
  if (isListType(from) && !isListType(to) && elementType(from) === to) return undefined
  return `${article(describe(from))} output cannot go into ${article(describe(to, also))} input`
}

function describe(type: PortType, also: readonly BaseValueType[] = []): string {
  if (!isListType(type)) return type
  return `${[elementType(type), ...also].join('-or-')}-list`
}

function article(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`
}
