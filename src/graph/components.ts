import type { ComponentDef, NodeCatalog, NodeShape, PipelineDoc, PipelineEdge, PipelineNode, PortRef, PortShape } from './types'

/**
 * Components: sub-pipelines stored once in `doc.components` and placed as nodes of type
 * `component:<id>`. Nothing runs a component as such: before planning, every instance is expanded
 * into plain nodes (ids namespaced `instance/inner`), and cache keys never depend on ids, so
 * wrapping nodes into a component or unpacking one re-runs nothing.
 */
export const COMPONENT_TYPE_PREFIX = 'component:'

export function componentType(componentId: string): string {
  return `${COMPONENT_TYPE_PREFIX}${componentId}`
}

/** The component an instance node's type names, or undefined for a plain node. */
export function componentIdOf(type: string): string | undefined {
  return type.startsWith(COMPONENT_TYPE_PREFIX) ? type.slice(COMPONENT_TYPE_PREFIX.length) : undefined
}

/** Joins an instance's id and an inner node's id into the inner node's id in the expanded graph. */
export const INSTANCE_SEPARATOR = '/'

/**
 * The chain of components from `from` down to one that places `to`, both ends included
 * (`['scene', 'shot']` when scene holds a shot), or undefined when `from` does not contain `to`.
 */
export function componentPath(components: readonly ComponentDef[], from: string, to: string): string[] | undefined {
  const byId = new Map(components.map((component) => [component.id, component]))
  const seen = new Set<string>([from])
  // Breadth first, remembering how each component was reached, so the chain shown is the shortest.
  const reachedFrom = new Map<string, string>()
  const queue = [from]
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i] as string
    for (const node of byId.get(current)?.nodes ?? []) {
      const child = componentIdOf(node.type)
      if (child === undefined) continue
      if (child === to) {
        const chain = [to]
        let at: string | undefined = current
        while (at !== undefined) {
          chain.unshift(at)
          at = at === from ? undefined : reachedFrom.get(at)
        }
        return chain
      }
      if (seen.has(child)) continue
      seen.add(child)
      reachedFrom.set(child, current)
      queue.push(child)
    }
  }
  return undefined
}

/** How a component contains itself (`['scene', 'shot', 'scene']`), or undefined when it does not. */
export function componentLoop(components: readonly ComponentDef[], componentId: string): string[] | undefined {
  return componentPath(components, componentId, componentId)
}

/**
 * Why an instance of `placed` cannot go into the definition of `host` (it would contain itself),
 * or undefined when it can.
 */
export function nestingRefusal(components: readonly ComponentDef[], host: string, placed: string): string | undefined {
  const loop = placed === host ? [host, host] : componentPath(components, placed, host)
  if (!loop) return undefined
  const chain = placed === host ? loop : [host, ...loop]
  const names = new Map(components.map((component) => [component.id, component.name || component.id]))
  return `a component cannot contain itself (${chain.map((id) => `“${names.get(id) ?? id}”`).join(' → ')})`
}

/**
 * The node catalog with every component of the document as a node type: its ports are its
 * definition's, typed as the inner ports they lead to; its params are the exposed ones, checked as
 * the inner node checks them. A component that is not in the document stays unknown (a missing node).
 */
export function withComponents(catalog: NodeCatalog, components: readonly ComponentDef[] | undefined): NodeCatalog {
  if (!components || components.length === 0) return catalog
  const byId = new Map(components.map((component) => [component.id, component]))
  const shapes = new Map<string, NodeShape | undefined>()
  const deriving = new Set<string>()
  const shape = (type: string): NodeShape | undefined => {
    const componentId = componentIdOf(type)
    if (componentId === undefined) return catalog.shape(type)
    if (shapes.has(componentId)) return shapes.get(componentId)
    const component = byId.get(componentId)
    // A component met again while its own shape is being worked out contains itself: refused elsewhere.
    if (!component || deriving.has(componentId)) return undefined
    deriving.add(componentId)
    const derived = componentShape(component, shape)
    deriving.delete(componentId)
    shapes.set(componentId, derived)
    return derived
  }
  return { shape }
}

function componentShape(component: ComponentDef, shapeOf: (type: string) => NodeShape | undefined): NodeShape {
  const nodes = new Map(component.nodes.map((node) => [node.id, node]))
  const innerShape = (nodeId: string) => {
    const node = nodes.get(nodeId)
    return node && shapeOf(node.type)
  }
  const inputs: Record<string, PortShape> = {}
  for (const input of component.inputs) {
    const targets = input.to.map((ref) => innerShape(ref.node)?.inputs[ref.port])
    const first = targets.find((target) => target !== undefined)
    inputs[input.name] = {
      type: first?.type ?? 'any',
      ...(targets.every((target) => target?.optional === true) ? { optional: true } : {}),
      ...(first?.also ? { also: first.also } : {}),
    }
  }
  const outputs: Record<string, PortShape> = {}
  for (const output of component.outputs) {
    outputs[output.name] = { type: innerShape(output.from.node)?.outputs[output.from.port]?.type ?? 'any' }
  }
  return {
    version: 1,
    inputs,
    outputs,
    checkParams(params) {
      const problems: { path: string; message: string }[] = []
      for (const [label, value] of Object.entries(params)) {
        const exposed = component.exposed?.find((entry) => entry.label === label)
        if (!exposed) {
          problems.push({ path: label, message: `the component “${component.name}” has no input param “${label}”` })
          continue
        }
        const node = nodes.get(exposed.node)
        const shape = node && shapeOf(node.type)
        if (!node || !shape) continue
        for (const problem of shape.checkParams({ ...node.params, [exposed.param]: value })) {
          if (problem.path !== exposed.param && !problem.path.startsWith(`${exposed.param}.`) && !problem.path.startsWith(`${exposed.param}[`)) continue
          problems.push({ path: `${label}${problem.path.slice(exposed.param.length)}`, message: problem.message })
        }
      }
      return problems
    },
  }
}

/** The inner nodes of a component with an instance's values of its exposed params applied. */
export function instanceNodes(component: ComponentDef, values: Readonly<Record<string, unknown>>): PipelineNode[] {
  const changes = new Map<string, Record<string, unknown>>()
  for (const exposed of component.exposed ?? []) {
    if (!Object.hasOwn(values, exposed.label)) continue
    const params = changes.get(exposed.node) ?? {}
    params[exposed.param] = values[exposed.label]
    changes.set(exposed.node, params)
  }
  if (changes.size === 0) return component.nodes
  return component.nodes.map((node) => {
    const params = changes.get(node.id)
    return params ? { ...node, params: { ...node.params, ...params } } : node
  })
}

/** A document with its component instances expanded into plain nodes, and the way back. */
export interface Expansion {
  /** No instances left but those whose component is missing or contains itself. */
  doc: PipelineDoc
  /** For each node that came out of an instance: the top-level instance node it belongs to. */
  owners: Map<string, string>
  /** For each top-level instance: the expanded node and port each of its outputs comes from. */
  outputs: Map<string, Record<string, PortRef>>
}

interface ExpansionOutput {
  byId: ReadonlyMap<string, ComponentDef>
  nodes: PipelineNode[]
  edges: PipelineEdge[]
  owners: Map<string, string>
}

/** How one level's instances connect: their ports, resolved to expanded nodes. */
interface LevelPorts {
  inputs: Map<string, Map<string, PortRef[]>>
  outputs: Map<string, Map<string, PortRef>>
}

/**
 * Expands every component instance into its inner nodes, recursively. A document without instances
 * comes back as it is (the same object). An instance whose component is missing, or that would
 * contain itself, stays a node of an unknown type, so validation names it and nothing is dropped.
 */
export function expandComponents(doc: PipelineDoc): Expansion {
  const empty = { owners: new Map<string, string>(), outputs: new Map<string, Record<string, PortRef>>() }
  const components = doc.components ?? []
  if (components.length === 0 || !doc.nodes.some((node) => componentIdOf(node.type) !== undefined)) return { doc, ...empty }
  const out: ExpansionOutput = { byId: new Map(components.map((component) => [component.id, component])), nodes: [], edges: [], owners: empty.owners }
  const ports = expandLevel(doc.nodes, doc.edges, '', out, [], undefined)
  for (const [instance, byPort] of ports.outputs) empty.outputs.set(instance, Object.fromEntries(byPort))
  // The components stay: an instance left unexpanded is checked against them (missing, or a loop).
  return { doc: { ...doc, nodes: out.nodes, edges: out.edges }, ...empty }
}

function expandLevel(
  nodes: readonly PipelineNode[],
  edges: readonly PipelineEdge[],
  prefix: string,
  out: ExpansionOutput,
  inside: readonly string[],
  owner: string | undefined,
): LevelPorts {
  const ports: LevelPorts = { inputs: new Map(), outputs: new Map() }
  for (const node of nodes) {
    const id = `${prefix}${node.id}`
    const componentId = componentIdOf(node.type)
    const component = componentId === undefined ? undefined : out.byId.get(componentId)
    if (!component || inside.includes(component.id)) {
      out.nodes.push(prefix === '' ? node : { ...node, id })
      if (owner !== undefined) out.owners.set(id, owner)
      continue
    }
    const inner = expandLevel(instanceNodes(component, node.params), component.edges, `${id}${INSTANCE_SEPARATOR}`, out, [...inside, component.id], owner ?? node.id)
    const innerPrefix = `${id}${INSTANCE_SEPARATOR}`
    ports.inputs.set(node.id, new Map(component.inputs.map((input) => [input.name, input.to.flatMap((ref) => resolveInput(inner, innerPrefix, ref))])))
    ports.outputs.set(node.id, new Map(component.outputs.map((output) => [output.name, resolveOutput(inner, innerPrefix, output.from)])))
  }
  for (const edge of edges) {
    const from = resolveOutput(ports, prefix, edge.from)
    const targets = resolveInput(ports, prefix, edge.to)
    targets.forEach((to, i) => out.edges.push({ id: `${prefix}${edge.id}${targets.length > 1 ? `#${i}` : ''}`, from, to }))
  }
  return ports
}

/** Where a link into `ref` lands once expanded: an instance's input fans out to the inner inputs it feeds. */
function resolveInput(ports: LevelPorts, prefix: string, ref: PortRef): PortRef[] {
  const targets = ports.inputs.get(ref.node)?.get(ref.port)
  return targets ?? [{ node: `${prefix}${ref.node}`, port: ref.port }]
}

function resolveOutput(ports: LevelPorts, prefix: string, ref: PortRef): PortRef {
  return ports.outputs.get(ref.node)?.get(ref.port) ?? { node: `${prefix}${ref.node}`, port: ref.port }
}
