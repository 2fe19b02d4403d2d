import { componentType, instanceNodes } from './components'
import type { ComponentDef, ComponentInput, ComponentOutput, ExposedParam, NodeGroup, PipelineEdge, PipelineNode, PortRef, Position } from './types'

/**
 * One level of a document: the top level, or an open component's definition. Making a component and
 * unpacking one work on whichever level the person is editing.
 */
export interface GraphLevel {
  nodes: PipelineNode[]
  edges: PipelineEdge[]
  exposed?: ExposedParam[]
  groups?: NodeGroup[]
}

export interface Wrapped {
  level: GraphLevel
  component: ComponentDef
  instance: PipelineNode
}

export type WrapResult = ({ ok: true } & Wrapped) | { ok: false; message: string }

/**
 * Makes `nodeIds` one component instance: the links that crossed the selection's edge become its
 * ports, named after the inner ports (one input per outside source, so a source feeding two inner
 * nodes is one port), and the template inputs on those nodes become its inputs, under their labels.
 * Inner ids, params and link order are kept, so every cache key stays the same.
 */
export function wrapInComponent(level: GraphLevel, nodeIds: readonly string[], ids: { component: string; instance: string; name: string }): WrapResult {
  const inside = new Set(nodeIds)
  const chosen = level.nodes.filter((node) => inside.has(node.id))
  if (chosen.length === 0 || chosen.length !== inside.size) return { ok: false, message: 'select the nodes to make into a component first' }

  const inputs: ComponentInput[] = []
  const inputBySource = new Map<string, ComponentInput>()
  const outputs: ComponentOutput[] = []
  const outputBySource = new Map<string, ComponentOutput>()
  const innerEdges: PipelineEdge[] = []
  const outerEdges: PipelineEdge[] = []
  const outerEdgeKeys = new Set<string>()
  const keep = (edge: PipelineEdge) => {
    const key = `${edge.from.node}\u0000${edge.from.port}\u0000${edge.to.node}\u0000${edge.to.port}`
    if (outerEdgeKeys.has(key)) return
    outerEdgeKeys.add(key)
    outerEdges.push(edge)
  }

  for (const edge of level.edges) {
    const fromInside = inside.has(edge.from.node)
    const toInside = inside.has(edge.to.node)
    if (fromInside && toInside) innerEdges.push(edge)
    else if (toInside) {
      const source = refKey(edge.from)
      let input = inputBySource.get(source)
      if (!input) {
        input = { name: freeName(edge.to.port, inputs), to: [] }
        inputs.push(input)
        inputBySource.set(source, input)
      }
      input.to.push({ ...edge.to })
      keep({ ...edge, to: { node: ids.instance, port: input.name } })
    } else if (fromInside) {
      const source = refKey(edge.from)
      let output = outputBySource.get(source)
      if (!output) {
        output = { name: freeName(edge.from.port, outputs), from: { ...edge.from } }
        outputs.push(output)
        outputBySource.set(source, output)
      }
      keep({ ...edge, from: { node: ids.instance, port: output.name } })
    } else outerEdges.push(edge)
  }

  const exposedInside = (level.exposed ?? []).filter((entry) => inside.has(entry.node))
  const component: ComponentDef = {
    id: ids.component,
    name: ids.name,
    nodes: chosen,
    edges: innerEdges,
    inputs,
    outputs,
    ...(exposedInside.length > 0 ? { exposed: exposedInside } : {}),
  }
  const instance: PipelineNode = { id: ids.instance, type: componentType(ids.component), typeVersion: 1, position: topLeft(chosen), label: ids.name, params: {} }
  const firstAt = level.nodes.findIndex((node) => inside.has(node.id))
  const nodes = level.nodes.filter((node, i) => i === firstAt || !inside.has(node.id)).map((node) => (inside.has(node.id) ? instance : node))
  // A template input on a wrapped node now points at the instance's param of the same label.
  const exposed = (level.exposed ?? []).map((entry) => (inside.has(entry.node) ? { node: ids.instance, param: entry.label, label: entry.label } : entry))
  return {
    ok: true,
    component,
    instance,
    level: {
      ...level,
      nodes,
      edges: outerEdges,
      ...(level.exposed ? { exposed } : {}),
      ...(level.groups ? { groups: level.groups.map((group) => replaceMembers(group, inside, [ids.instance])) } : {}),
    },
  }
}

/**
 * Puts an instance's nodes back in its place: inner ids kept where free, params with the
 * instance's values applied, inner links, and each outside link to the inner port it stood for.
 * The outcome is the level as it was before the component was made, moved with the instance.
 */
export function unpackInstance(level: GraphLevel, instanceId: string, component: ComponentDef): GraphLevel {
  const instance = level.nodes.find((node) => node.id === instanceId)
  if (!instance) return level
  const takenNodes = new Set(level.nodes.map((node) => node.id))
  takenNodes.delete(instanceId)
  const takenEdges = new Set(level.edges.map((edge) => edge.id))
  const newId = new Map<string, string>()
  for (const node of component.nodes) {
    const id = freeId(node.id, takenNodes)
    takenNodes.add(id)
    newId.set(node.id, id)
  }
  const place = (ref: PortRef): PortRef => ({ node: newId.get(ref.node) ?? ref.node, port: ref.port })
  const corner = topLeft(component.nodes)
  const offset = { x: instance.position.x - corner.x, y: instance.position.y - corner.y }
  const innerNodes = instanceNodes(component, instance.params).map((node) => ({
    ...node,
    id: newId.get(node.id) ?? node.id,
    position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
  }))

  const inputs = new Map(component.inputs.map((input) => [input.name, input.to]))
  const outputs = new Map(component.outputs.map((output) => [output.name, output.from]))
  const edges: PipelineEdge[] = []
  for (const edge of level.edges) {
    if (edge.to.node === instanceId) {
      const targets = inputs.get(edge.to.port) ?? []
      targets.forEach((to, i) => {
        const id = i === 0 ? edge.id : freeId(edge.id, takenEdges)
        takenEdges.add(id)
        edges.push({ id, from: edge.from.node === instanceId ? place(outputs.get(edge.from.port) ?? edge.from) : edge.from, to: place(to) })
      })
    } else if (edge.from.node === instanceId) {
      const from = outputs.get(edge.from.port)
      if (from) edges.push({ ...edge, from: place(from) })
    } else edges.push(edge)
  }
  for (const edge of component.edges) {
    const id = freeId(edge.id, takenEdges)
    takenEdges.add(id)
    edges.push({ id, from: place(edge.from), to: place(edge.to) })
  }

  const at = level.nodes.findIndex((node) => node.id === instanceId)
  const nodes = [...level.nodes.slice(0, at), ...innerNodes, ...level.nodes.slice(at + 1)]
  const exposedBack = new Map((component.exposed ?? []).map((entry) => [entry.label, entry]))
  const exposed = level.exposed?.flatMap((entry) => {
    if (entry.node !== instanceId) return [entry]
    const inner = exposedBack.get(entry.param)
    return inner ? [{ node: newId.get(inner.node) ?? inner.node, param: inner.param, label: entry.label }] : []
  })
  const unpacked = new Set([instanceId])
  return {
    ...level,
    nodes,
    edges,
    ...(exposed ? { exposed } : {}),
    ...(level.groups ? { groups: level.groups.map((group) => replaceMembers(group, unpacked, innerNodes.map((node) => node.id))) } : {}),
  }
}

function replaceMembers(group: NodeGroup, gone: ReadonlySet<string>, replacements: readonly string[]): NodeGroup {
  if (!group.nodes.some((id) => gone.has(id))) return group
  return { ...group, nodes: [...group.nodes.filter((id) => !gone.has(id)), ...replacements] }
}

function refKey(ref: PortRef): string {
  return `${ref.node}\u0000${ref.port}`
}

function freeName(wanted: string, ports: readonly { name: string }[]): string {
  const taken = new Set(ports.map((port) => port.name))
  if (!taken.has(wanted)) return wanted
  for (let n = 2; ; n++) if (!taken.has(`${wanted} ${n}`)) return `${wanted} ${n}`
}

function freeId(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`
}

function topLeft(nodes: readonly PipelineNode[]): Position {
  if (nodes.length === 0) return { x: 0, y: 0 }
  return { x: Math.min(...nodes.map((node) => node.position.x)), y: Math.min(...nodes.map((node) => node.position.y)) }
}

export type PortRename = { ok: true; components: ComponentDef[]; nodes: PipelineNode[]; edges: PipelineEdge[] } | { ok: false; message: string }

/**
 * Renames one of a component's ports, and with it the end of every link to it, on the top level and
 * inside every definition that places the component. Refuses an empty name or one the side already has.
 */
export function renameComponentPort(
  doc: { nodes: PipelineNode[]; edges: PipelineEdge[]; components?: ComponentDef[] },
  componentId: string,
  side: 'inputs' | 'outputs',
  from: string,
  to: string,
): PortRename {
  const name = to.trim()
  const component = doc.components?.find((candidate) => candidate.id === componentId)
  if (!component) return { ok: false, message: `there is no component "${componentId}"` }
  const ports: readonly { name: string }[] = component[side]
  if (!ports.some((port) => port.name === from)) return { ok: false, message: `the component has no ${side === 'inputs' ? 'input' : 'output'} "${from}"` }
  if (name === '') return { ok: false, message: 'a port needs a name' }
  if (name.length > 100) return { ok: false, message: 'a port name is at most 100 characters' }
  if (name !== from && ports.some((port) => port.name === name)) return { ok: false, message: `the component already has ${side === 'inputs' ? 'an input' : 'an output'} "${name}"` }
  const type = componentType(componentId)
  const end = side === 'inputs' ? 'to' : 'from'
  const relink = (nodes: readonly PipelineNode[], edges: PipelineEdge[]): PipelineEdge[] => {
    const instances = new Set(nodes.filter((node) => node.type === type).map((node) => node.id))
    return edges.map((edge) => (instances.has(edge[end].node) && edge[end].port === from ? { ...edge, [end]: { node: edge[end].node, port: name } } : edge))
  }
  const components = (doc.components ?? []).map((candidate) => {
    const renamed: ComponentDef =
      candidate.id !== componentId
        ? candidate
        : side === 'inputs'
          ? { ...candidate, inputs: candidate.inputs.map((port) => (port.name === from ? { ...port, name } : port)) }
          : { ...candidate, outputs: candidate.outputs.map((port) => (port.name === from ? { ...port, name } : port)) }
    return { ...renamed, edges: relink(renamed.nodes, renamed.edges) }
  })
  return { ok: true, components, nodes: doc.nodes, edges: relink(doc.nodes, doc.edges) }
}
