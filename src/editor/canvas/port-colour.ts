import type { CSSProperties } from 'react'
import { elementType, isListType, isUnionType, itemKinds, type PortType } from '../../graph'

/** The class that colours a port (and its links) by the type of value it carries. */
export function portClass(type: PortType): string {
  if (isUnionType(type)) return 'port--either'
  return `port--${elementType(type)}${isListType(type) ? ' port--list' : ''}`
}

/** A port of two kinds shows both colours, split on the diagonal. */
export function portStyle(type: PortType): CSSProperties | undefined {
  if (!isUnionType(type)) return undefined
  const [first, second] = itemKinds(type)
  return { background: `linear-gradient(135deg, var(--port-${first}) 50%, var(--port-${second}) 50%)` }
}
