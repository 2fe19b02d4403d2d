import { componentIdOf, componentType } from './components'
import { CURRENT_DOC_VERSION } from './schema'
import type { ComponentDef, PipelineDoc, PipelineNode } from './types'

/**
 * A component on its own, as the library keeps it and as it is exported: a pipeline document whose
 * one node is an instance of the component, carrying its definition and those of the components
 * nested in it. Being a pipeline, it is parsed, migrated, validated, bundled and shared by the same
 * code as any pipeline, and opens as one.
 */
export function componentDocument(doc: PipelineDoc, componentId: string, instance?: PipelineNode): PipelineDoc | undefined {
  const components = doc.components ?? []
  const root = components.find((component) => component.id === componentId)
  if (!root) return undefined
  const needed = reachableComponents(components, componentId)
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: `component-${componentId}`,
    name: root.name,
    description: `The component “${root.name}”, with ${root.nodes.length} node${root.nodes.length === 1 ? '' : 's'} inside.`,
    nodes: [
      {
        id: componentId,
        type: componentType(componentId),
        typeVersion: 1,
        position: { x: 0, y: 0 },
        params: instance?.params ?? {},
      },
    ],
    edges: [],
    components: components.filter((component) => needed.has(component.id)),
  }
}

/** A component file's instance node and the components it brings, or why it is not one. */
export type ComponentInFile = { ok: true; instance: PipelineNode; components: ComponentDef[] } | { ok: false; message: string }

export function componentInDocument(doc: PipelineDoc): ComponentInFile {
  const instances = doc.nodes.filter((node) => componentIdOf(node.type) !== undefined)
  const [instance] = instances
  if (instances.length !== 1 || !instance) return { ok: false, message: `“${doc.name}” is not one component: it places ${instances.length} components` }
  const componentId = componentIdOf(instance.type) as string
  const components = doc.components ?? []
  if (!components.some((component) => component.id === componentId)) return { ok: false, message: `“${doc.name}” does not hold the definition of its component “${componentId}”` }
  const needed = reachableComponents(components, componentId)
  return { ok: true, instance, components: components.filter((component) => needed.has(component.id)) }
}

/**
 * Brings a component's definitions into a document's: a definition the document already has under
 * the same id, identical, is reused; one that differs comes in under a new id (`shot-2`), and the
 * definitions that place it are rewritten to that id, so nothing already placed changes.
 * Returns every definition after the merge and the id the placed component has in it.
 */
export function mergeComponents(existing: readonly ComponentDef[], incoming: readonly ComponentDef[], rootId: string): { components: ComponentDef[]; rootId: string } {
  const merged = [...existing]
  const byId = new Map(existing.map((component) => [component.id, component]))
  const renamed = new Map<string, string>()
  for (const original of dependencyOrder(incoming)) {
    const component = withRenamedInstances(original, renamed)
    const present = byId.get(component.id)
    if (present && sameDefinition(present, component)) continue
    if (!present) {
      merged.push(component)
      byId.set(component.id, component)
      continue
    }
    const twin = merged.find((candidate) => sameDefinition(candidate, { ...component, id: candidate.id }))
    const id = twin?.id ?? freeId(component.id, byId)
    renamed.set(original.id, id)
    if (twin) continue
    const moved = { ...component, id }
    merged.push(moved)
    byId.set(id, moved)
  }
  return { components: merged, rootId: renamed.get(rootId) ?? rootId }
}

/** The ids of `componentId` and every component placed inside it, however deep. */
function reachableComponents(components: readonly ComponentDef[], componentId: string): Set<string> {
  const byId = new Map(components.map((component) => [component.id, component]))
  const reached = new Set<string>([componentId])
  const queue = [componentId]
  for (let i = 0; i < queue.length; i++) {
    for (const node of byId.get(queue[i] as string)?.nodes ?? []) {
      const child = componentIdOf(node.type)
      if (child === undefined || reached.has(child) || !byId.has(child)) continue
      reached.add(child)
      queue.push(child)
    }
  }
  return reached
}

/** Components placed inside others come first, so a rename reaches the definitions placing them. */
function dependencyOrder(components: readonly ComponentDef[]): ComponentDef[] {
  const byId = new Map(components.map((component) => [component.id, component]))
  const ordered: ComponentDef[] = []
  const visited = new Set<string>()
  const visit = (component: ComponentDef) => {
    if (visited.has(component.id)) return
    // Marked before its children: a definition that contains itself (refused when it is validated) cannot loop here.
    visited.add(component.id)
    for (const node of component.nodes) {
      const child = byId.get(componentIdOf(node.type) ?? '')
      if (child) visit(child)
    }
    ordered.push(component)
  }
  components.forEach(visit)
  return ordered
}

function withRenamedInstances(component: ComponentDef, renamed: ReadonlyMap<string, string>): ComponentDef {
  if (renamed.size === 0) return component
  let changed = false
  const nodes = component.nodes.map((node) => {
    const to = renamed.get(componentIdOf(node.type) ?? '')
    if (to === undefined) return node
    changed = true
    return { ...node, type: componentType(to) }
  })
  return changed ? { ...component, nodes } : component
}

function freeId(id: string, taken: ReadonlyMap<string, unknown>): string {
  for (let n = 2; ; n++) {
    const candidate = `${id}-${n}`
    if (!taken.has(candidate)) return candidate
  }
}

function sameDefinition(a: ComponentDef, b: ComponentDef): boolean {
  return sortedJson(a) === sortedJson(b)
}

/** JSON with object keys sorted, so two definitions written in another key order still compare equal. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  )
}
