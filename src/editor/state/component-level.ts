import type { Draft } from 'immer'
import { componentIdOf, INSTANCE_SEPARATOR, type ComponentDef, type PipelineDoc } from '../../graph'

/**
 * The component opened along `path` (instance ids from the top level down, each on the level above),
 * or undefined when the path no longer leads to one.
 */
export function openComponentOf<D extends Pick<PipelineDoc, 'nodes' | 'components'>>(doc: D, path: readonly string[]): NonNullable<D['components']>[number] | undefined {
  let nodes: Pick<PipelineDoc, 'nodes'>['nodes'] = doc.nodes
  let component: NonNullable<D['components']>[number] | undefined
  for (const instanceId of path) {
    const node = nodes.find((candidate) => candidate.id === instanceId)
    const componentId = node && componentIdOf(node.type)
    component = componentId === undefined ? undefined : doc.components?.find((candidate) => candidate.id === componentId)
    if (!component) return undefined
    nodes = component.nodes
  }
  return component
}

/** The longest start of `path` that still leads to an open component (an undo can take one away). */
export function reachablePath(doc: PipelineDoc, path: readonly string[]): string[] {
  for (let length = path.length; length > 0; length--) {
    if (openComponentOf(doc, path.slice(0, length))) return path.slice(0, length)
  }
  return []
}

/**
 * What the canvas shows and edits: the document, or with a component open, the document with that
 * component's nodes, links and inputs in place of its own (no groups or notes inside a component).
 */
export function levelOf(doc: PipelineDoc, path: readonly string[]): PipelineDoc {
  if (path.length === 0) return doc
  const component: ComponentDef | undefined = openComponentOf(doc, path)
  if (!component) return doc
  const { groups: _groups, notes: _notes, exposed: _exposed, ...rest } = doc
  return { ...rest, nodes: component.nodes, edges: component.edges, ...(component.exposed ? { exposed: component.exposed } : {}) }
}

/** The prefix of the run-state ids of the open level's nodes: a run names an inner node `instance/inner`. */
export function runIdPrefix(path: readonly string[]): string {
  return path.length === 0 ? '' : `${path.join(INSTANCE_SEPARATOR)}${INSTANCE_SEPARATOR}`
}

const levelFields = new Set<PropertyKey>(['nodes', 'edges', 'exposed'])
const topLevelOnly = new Set<PropertyKey>(['groups', 'notes'])

/**
 * A draft of the document on which every edit of nodes, links and inputs lands in the open
 * component's definition, so each of the editor's edits works inside a component unchanged and one
 * edit of a definition, reaching every instance, is one undo step.
 */
export function levelDraft(draft: Draft<PipelineDoc>, path: readonly string[]): Draft<PipelineDoc> {
  if (path.length === 0) return draft
  const component = openComponentOf(draft, path) as Draft<ComponentDef> | undefined
  if (!component) return draft
  const fields = component as unknown as Record<PropertyKey, unknown>
  return new Proxy(draft, {
    get(target, key, receiver) {
      if (levelFields.has(key)) return fields[key]
      if (topLevelOnly.has(key)) return undefined
      return Reflect.get(target, key, receiver) as unknown
    },
    set(target, key, value, receiver) {
      if (levelFields.has(key)) fields[key] = value
      else if (!topLevelOnly.has(key)) return Reflect.set(target, key, value, receiver)
      return true
    },
    deleteProperty(target, key) {
      if (levelFields.has(key)) delete fields[key]
      else if (!topLevelOnly.has(key)) return Reflect.deleteProperty(target, key)
      return true
    },
    has(target, key) {
      if (levelFields.has(key)) return key in fields
      if (topLevelOnly.has(key)) return false
      return Reflect.has(target, key)
    },
  })
}
