import { elementType, isListType, type PortType } from '../../graph'

/** The class that colours a port (and its links) by the type of value it carries. */
export function portClass(type: PortType): string {
  return `port--${elementType(type)}${isListType(type) ? ' port--list' : ''}`
}
