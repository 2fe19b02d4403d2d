import { baseValueTypes, type BaseValueType, type PortType, type UnionPortType } from './types'

function isBaseValueType(value: string): value is BaseValueType {
  return (baseValueTypes as readonly string[]).includes(value)
}

export function isPortType(value: string): value is PortType {
  if (value === 'any') return true
  if (value.endsWith('[]')) return isBaseValueType(value.slice(0, -2))
  const kinds = value.split('|')
  return kinds.length <= 2 && kinds.every(isBaseValueType) && new Set(kinds).size === kinds.length
}

export function isListType(type: PortType): type is `${BaseValueType}[]` {
  return type.endsWith('[]')
}

export function isUnionType(type: PortType): type is UnionPortType {
  return type.includes('|')
}

/** The type of one item: a list's element, else the type itself (`any` for a port of several kinds). */
export function elementType(type: PortType): BaseValueType | 'any' {
  if (isUnionType(type)) return 'any'
  return isListType(type) ? (type.slice(0, -2) as BaseValueType) : (type as BaseValueType | 'any')
}

/** The kinds of value one item of this type may be: a union's members, a list's element, the type itself. */
export function itemKinds(type: PortType): readonly BaseValueType[] | 'any' {
  if (type === 'any') return 'any'
  if (isUnionType(type)) return type.split('|') as BaseValueType[]
  return [elementType(type) as BaseValueType]
}

/**
 * Why a link from an output of type `from` into an input of type `to` is refused, or undefined when
 * it is allowed. A list input gathers single values or whole lists of its element type, and of the
 * types it takes `also`; a list into an input that takes one of its items runs that node once per
 * item (README, "Lists"). A port of several kinds ("an image or a clip") takes any of them, and an
 * output of several kinds goes where one of them is taken: what it carries is known only at run time.
 */
export function linkRefusal(from: PortType, to: PortType, also: readonly BaseValueType[] = []): string | undefined {
  if (to === 'any' || from === 'any' || from === to) return undefined
  const gives = itemKinds(from) as readonly BaseValueType[]
  const takes = [...(itemKinds(to) as readonly BaseValueType[]), ...(isListType(to) ? also : [])]
  // A list reaches a single input only item by item, so its element alone has to fit.
  const fits = isListType(from) && !isListType(to) ? gives.every((kind) => takes.includes(kind)) : gives.some((kind) => takes.includes(kind))
  if (fits) return undefined
  return `${article(describe(from))} output cannot go into ${article(describe(to, also))} input`
}

function describe(type: PortType, also: readonly BaseValueType[] = []): string {
  if (isUnionType(type)) return type.split('|').join(' or ')
  if (!isListType(type)) return type
  return `${[elementType(type), ...also].join('-or-')}-list`
}

function article(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`
}
