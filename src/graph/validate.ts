import { componentIdOf, componentLoop, withComponents } from './components'
import { linkRefusal, isListType } from './ports'
import { ownValue } from './records'
import type { ComponentDef, DocIssue, NodeCatalog, PipelineDoc, PipelineNode } from './types'

/**
 * Everything that stops a document from running, each with its place. A document with issues
 * still loads and can be edited; the planner refuses to run the nodes they concern.
 */
export function validateDocument(doc: PipelineDoc, nodeCatalog: NodeCatalog): DocIssue[] {
  const catalog = withComponents(nodeCatalog, doc.components)
  const issues: DocIssue[] = []
  const nodeIndex = new Map<string, number>()

  doc.nodes.forEach((node, i) => {
    if (nodeIndex.has(node.id)) {
      issues.push({ nodeId: node.id, path: `nodes[${i}].id`, message: `duplicate node id "${node.id}"` })
      return
    }
    nodeIndex.set(node.id, i)
    issues.push(...nodeIssues(node, i, catalog, doc.components ?? []))
  })

  const edgeIds = new Set<string>()
  const linkedInputs = new Map<string, number>()
  doc.edges.forEach((edge, i) => {
    const at = `edges[${i}]`
    if (edgeIds.has(edge.id)) issues.push({ edgeId: edge.id, path: `${at}.id`, message: `duplicate edge id "${edge.id}"` })
    edgeIds.add(edge.id)

    const fromIndex = nodeIndex.get(edge.from.node)
    const toIndex = nodeIndex.get(edge.to.node)
    if (fromIndex === undefined || toIndex === undefined) {
      const missing = fromIndex === undefined ? edge.from.node : edge.to.node
      issues.push({
        edgeId: edge.id,
        path: `${at}.${fromIndex === undefined ? 'from' : 'to'}.node`,
        message: `link points to node "${missing}", which is not in the pipeline`,
      })
      return
    }
    const fromNode = doc.nodes[fromIndex] as PipelineNode
    const toNode = doc.nodes[toIndex] as PipelineNode
    const fromShape = catalog.shape(fromNode.type)
    const toShape = catalog.shape(toNode.type)
    const output = fromShape && ownValue(fromShape.outputs, edge.from.port)
    const input = toShape && ownValue(toShape.inputs, edge.to.port)
    if (fromShape && !output) {
      issues.push({
        nodeId: fromNode.id,
        edgeId: edge.id,
        path: `${at}.from.port`,
        message: `"${fromNode.type}" has no output named "${edge.from.port}"`,
      })
    }
    if (toShape && !input) {
      issues.push({
        nodeId: toNode.id,
        edgeId: edge.id,
        path: `${at}.to.port`,
        message: `"${toNode.type}" has no input named "${edge.to.port}"`,
      })
    }
    if (!input) return
    // A link from a missing node still fills the input: its type is unknown, not wrong.
    const inputKey = `${toNode.id}\u0000${edge.to.port}`
    const count = (linkedInputs.get(inputKey) ?? 0) + 1
    linkedInputs.set(inputKey, count)
    if (count === 2 && !isListType(input.type)) {
      issues.push({
        nodeId: toNode.id,
        edgeId: edge.id,
        path: at,
        message: `input "${edge.to.port}" takes one link; it has more than one`,
      })
    }
    const refusal = output && linkRefusal(output.type, input.type, input.also)
    if (refusal) issues.push({ nodeId: toNode.id, edgeId: edge.id, path: at, message: `link refused: ${refusal}` })
  })

  doc.nodes.forEach((node, i) => {
    if (nodeIndex.get(node.id) !== i) return
    const shape = catalog.shape(node.type)
    if (!shape) return
    for (const [name, input] of Object.entries(shape.inputs)) {
      if (input.optional || linkedInputs.has(`${node.id}\u0000${name}`)) continue
      issues.push({ nodeId: node.id, path: `nodes[${i}]`, message: `input "${name}" needs a link` })
    }
  })

  for (const cycle of findCycles(doc)) {
    for (const nodeId of cycle) {
      issues.push({
        nodeId,
        path: `nodes[${nodeIndex.get(nodeId) ?? 0}]`,
        message: `part of a loop (${cycle.join(' → ')} → ${cycle[0] ?? ''}); a pipeline must flow one way`,
      })
    }
  }
  return issues
}

function nodeIssues(node: PipelineNode, index: number, catalog: NodeCatalog, components: readonly ComponentDef[]): DocIssue[] {
  const at = `nodes[${index}]`
  const shape = catalog.shape(node.type)
  const componentId = componentIdOf(node.type)
  const componentIssue = componentId === undefined ? undefined : componentProblem(componentId, shape !== undefined, components)
  if (componentIssue) return [{ nodeId: node.id, path: `${at}.type`, message: componentIssue }]
  if (!shape) {
    return [{ nodeId: node.id, path: `${at}.type`, message: `unknown node type "${node.type}" (missing node)` }]
  }
  if (node.typeVersion > shape.version) {
    return [
      {
        nodeId: node.id,
        path: `${at}.typeVersion`,
        message: `"${node.type}" version ${node.typeVersion} is newer than this Reelgraph knows (${shape.version})`,
      },
    ]
  }
  return shape.checkParams(node.params).map((problem) => ({
    nodeId: node.id,
    path: `${at}.params${problem.path ? `.${problem.path}` : ''}`,
    message: problem.message,
  }))
}

/** Why an instance cannot run: its component is missing, or contains itself. */
function componentProblem(componentId: string, known: boolean, components: readonly ComponentDef[]): string | undefined {
  if (!known) return `the component "${componentId}" is not in this pipeline (missing component)`
  const loop = componentLoop(components, componentId)
  if (!loop) return undefined
  const names = new Map(components.map((component) => [component.id, component.name || component.id]))
  return `the component “${names.get(componentId) ?? componentId}” contains itself (${loop.map((id) => `“${names.get(id) ?? id}”`).join(' → ')}); it cannot run`
}

/** The loops in the graph, each as the node ids along it (Tarjan's strongly connected components). */
export function findCycles(doc: PipelineDoc): string[][] {
  const successors = new Map<string, string[]>()
  const selfLooped = new Set<string>()
  for (const node of doc.nodes) successors.set(node.id, [])
  for (const edge of doc.edges) {
    if (successors.has(edge.from.node) && successors.has(edge.to.node)) successors.get(edge.from.node)?.push(edge.to.node)
    if (edge.from.node === edge.to.node) selfLooped.add(edge.from.node)
  }

  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const cycles: string[][] = []
  let counter = 0

  // Iterative, so a 100,000-node chain does not overflow the call stack.
  for (const root of successors.keys()) {
    if (index.has(root)) continue
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }]
    index.set(root, counter)
    low.set(root, counter++)
    stack.push(root)
    onStack.add(root)
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number }
      const next = successors.get(frame.node) ?? []
      if (frame.next < next.length) {
        const child = next[frame.next++] as string
        if (!index.has(child)) {
          index.set(child, counter)
          low.set(child, counter++)
          stack.push(child)
          onStack.add(child)
          work.push({ node: child, next: 0 })
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(child) as number))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number))
      if (low.get(frame.node) !== index.get(frame.node)) continue
      const component: string[] = []
      let member: string | undefined
      do {
        member = stack.pop() as string
        onStack.delete(member)
        component.push(member)
      } while (member !== frame.node)
      if (component.length > 1 || selfLooped.has(frame.node)) cycles.push(component.reverse())
    }
  }
  return cycles
}
