import { emptyRecord, expandComponents, isListType, ownValue, validateDocument, type DocIssue, type Expansion, type PipelineDoc, type PipelineNode, type PortType } from '../graph'
import { cacheKey, outputKey, type InputKey } from './cache-key'
import type { AnyNodeDefinition } from './define-node'
import { paramsForItem, resultParams } from './params'
import type { NodeRegistry } from './registry'

/**
 * How a value reaches an input (README, "Lists"): as it is; one item at a time, when a list meets an
 * input that takes one of its items (`map`); or every item of a per-item run gathered into a list
 * input (`gather`).
 */
export type Reach = 'whole' | 'map' | 'gather'

/** Where one input's value comes from: a node's output port. */
export interface InputSource {
  node: string
  port: string
  reach: Reach
  /** The per-item depth the value has once it reaches the input (see `Step.depth`). */
  depth: number
}

export interface Step {
  node: PipelineNode
  definition: AnyNodeDefinition
  /** The params with defaults filled in, as `run()` receives them (each item's through `forItem`, where the node has it). */
  params: Record<string, unknown>
  /** By input port; a list input has several sources, in link order. */
  inputs: Record<string, InputSource[]>
  /** The steps this one waits for. */
  dependsOn: string[]
  /**
   * How many lists deep the step runs: 0 runs once; 1 once per item of a list; 2 once per item of
   * each item's own list. Items never mix: a per-item run's own list output stays that item's list.
   */
  depth: number
  /**
   * True when its cache key depends on the items that reach it, so it is known only as the run goes:
   * it runs per item or gathers items. `cacheKey` is then the key of its shape, not of a result.
   */
  dynamic: boolean
  cacheKey: string
  /** The keys of the values flowing in, by input port: the base of `ctx.memo` keys. */
  inputKeys: Record<string, InputKey>
}

export interface Plan {
  /** In an order where every step comes after the steps it depends on. */
  steps: Step[]
  /** The nodes asked for: everything, or the "Run to here" node. */
  target?: string
  /** When the document places components: how the steps' (expanded) nodes map back to the instances. */
  expansion?: Expansion
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; issues: DocIssue[] }

export interface PlanOptions {
  /**
   * The caller has just validated this very document against this registry and found no issue (the
   * runner does, with its command line applied): it is not validated again. A document that places
   * components is still validated once expanded, since its instances' inner nodes are checked there.
   */
  validated?: boolean
}

/**
 * From a document and a target (the whole graph, or one node and its ancestors) to an ordered set of
 * steps with their cache keys. A graph that cannot run is refused before anything runs, with every
 * problem on the nodes that are to run.
 */
export function planRun(doc: PipelineDoc, registry: NodeRegistry, target?: string, options: PlanOptions = {}): PlanResult {
  if (target !== undefined && !doc.nodes.some((node) => node.id === target)) {
    return { ok: false, issues: [{ path: 'target', message: `there is no node "${target}" to run to` }] }
  }
  const expansion = expandComponents(doc)
  if (expansion.doc === doc) return planExpanded(doc, registry, target === undefined ? undefined : [target], target, options.validated === true)
  const sources = target === undefined ? undefined : expansion.outputs.get(target)
  const targets = target === undefined ? undefined : sources ? [...new Set(Object.values(sources).map((ref) => ref.node))] : [target]
  const planned = planExpanded(expansion.doc, registry, targets, target, false)
  if (!planned.ok) return { ok: false, issues: planned.issues.map((issue) => ownedIssue(issue, expansion)) }
  return { ok: true, plan: { ...planned.plan, expansion } }
}

/** An issue on a node inside an instance, shown on the instance, saying which inner node it is about. */
function ownedIssue(issue: DocIssue, expansion: Expansion): DocIssue {
  const owner = issue.nodeId === undefined ? undefined : expansion.owners.get(issue.nodeId)
  if (owner === undefined || issue.nodeId === undefined) return issue
  const field = issue.path.replace(/^nodes\[\d+\]\.?/, '')
  return { ...issue, nodeId: owner, path: field ? `${issue.nodeId}.${field}` : issue.nodeId, message: `inside, “${issue.nodeId}”: ${issue.message}` }
}

function planExpanded(doc: PipelineDoc, registry: NodeRegistry, targets: readonly string[] | undefined, target: string | undefined, validated: boolean): PlanResult {
  const byId = new Map(doc.nodes.map((node) => [node.id, node]))

  const incoming = new Map<string, typeof doc.edges>()
  for (const edge of doc.edges) {
    const list = incoming.get(edge.to.node)
    if (list) list.push(edge)
    else incoming.set(edge.to.node, [edge])
  }

  const wanted = targets === undefined ? new Set(byId.keys()) : ancestorsOf(targets, incoming)
  if (!validated) {
    const issues = validateDocument(doc, registry).filter(
      (issue) => issue.nodeId === undefined ? issue.edgeId === undefined || edgeTouches(doc, issue.edgeId, wanted) : wanted.has(issue.nodeId),
    )
    if (issues.length > 0) return { ok: false, issues }
  }

  const order = topologicalOrder(doc.nodes.filter((node) => wanted.has(node.id)), incoming)
  const keys = new Map<string, string>()
  const shapes = new Map<string, StepShape>()
  const steps: Step[] = []
  for (const node of order) {
    const definition = registry.get(node.type) as AnyNodeDefinition
    const parsed = registry.parseParams(node.type, node.params)
    if (!parsed?.ok) throw new Error(`params of "${node.id}" passed validation but not parsing`)

    // By port in a Map, not a record without a prototype: walking such a record's entries was most
    // of the planner's own time for a thousand small nodes.
    const sourcesByPort = new Map<string, InputSource[]>()
    let depth = 0
    let dynamic = false
    for (const edge of incoming.get(node.id) ?? []) {
      const source = shapes.get(edge.from.node) as StepShape
      const outputType = ownValue(source.definition.outputs, edge.from.port)?.type ?? 'any'
      const inputType = ownValue(definition.inputs, edge.to.port)?.type ?? 'any'
      const reached = reach(outputType, inputType, source.depth)
      depth = Math.max(depth, reached.depth)
      dynamic ||= source.dynamic || reached.reach !== 'whole'
      const sources = sourcesByPort.get(edge.to.port)
      const from = { node: edge.from.node, port: edge.from.port, ...reached }
      if (sources) sources.push(from)
      else sourcesByPort.set(edge.to.port, [from])
    }
    dynamic ||= depth > 0
    shapes.set(node.id, { definition, depth, dynamic })
    const inputs = emptyRecord<InputSource[]>()
    const inputKeys = emptyRecord<InputKey>()
    for (const [name, sources] of sourcesByPort) {
      inputs[name] = sources
      const sourceKeys = sources.map((source) => outputKey(keys.get(source.node) as string, source.port))
      inputKeys[name] = ownValue(definition.inputs, name)?.type.endsWith('[]') ? sourceKeys : (sourceKeys[0] as string)
    }
    const key = cacheKey({ type: node.type, typeVersion: definition.version, params: resultParams(definition, paramsForItem(definition, parsed.params, [])), inputs: inputKeys })
    keys.set(node.id, key)
    steps.push({
      node,
      definition,
      params: parsed.params,
      inputs,
      dependsOn: dependencies(inputs),
      depth,
      dynamic,
      cacheKey: key,
      inputKeys,
    })
  }
  return { ok: true, plan: target === undefined ? { steps } : { steps, target } }
}

/** The steps a step's inputs come from, each once, in the order of its inputs (as the record lists them) and their links. */
function dependencies(inputs: Record<string, InputSource[]>): string[] {
  const nodes = new Set<string>()
  for (const port in inputs) for (const source of inputs[port] as InputSource[]) nodes.add(source.node)
  return [...nodes]
}

interface StepShape {
  definition: AnyNodeDefinition
  depth: number
  dynamic: boolean
}

/**
 * How an output of a step `depth` lists deep reaches an input: a list into an input that takes one of
 * its items maps, one level deeper; a single value of a per-item run into a list input gathers, one
 * level up; anything else (a list into a list input, a value into `any`) arrives as it is.
 */
function reach(output: PortType, input: PortType, depth: number): { reach: Reach; depth: number } {
  if (input !== 'any' && !isListType(input) && output !== 'any' && isListType(output)) return { reach: 'map', depth: depth + 1 }
  if (isListType(input) && !isListType(output) && depth > 0) return { reach: 'gather', depth: depth - 1 }
  return { reach: 'whole', depth }
}

function ancestorsOf(targets: readonly string[], incoming: Map<string, PipelineDoc['edges']>): Set<string> {
  const seen = new Set(targets)
  const queue = [...targets]
  for (let i = 0; i < queue.length; i++) {
    for (const edge of incoming.get(queue[i] as string) ?? []) {
      if (seen.has(edge.from.node)) continue
      seen.add(edge.from.node)
      queue.push(edge.from.node)
    }
  }
  return seen
}

function edgeTouches(doc: PipelineDoc, edgeId: string, wanted: Set<string>): boolean {
  const edge = doc.edges.find((e) => e.id === edgeId)
  return edge === undefined || wanted.has(edge.to.node)
}

/** Kahn's algorithm, keeping document order among ready nodes so plans are stable. */
function topologicalOrder(nodes: PipelineNode[], incoming: Map<string, PipelineDoc['edges']>): PipelineNode[] {
  const present = new Set(nodes.map((node) => node.id))
  const pending = new Map<string, number>()
  const dependents = new Map<string, string[]>()
  for (const node of nodes) {
    const parents = new Set((incoming.get(node.id) ?? []).map((e) => e.from.node).filter((id) => present.has(id)))
    pending.set(node.id, parents.size)
    for (const parent of parents) {
      const list = dependents.get(parent)
      if (list) list.push(node.id)
      else dependents.set(parent, [node.id])
    }
  }
  const byId = new Map(nodes.map((node) => [node.id, node]))
  const ready = nodes.filter((node) => pending.get(node.id) === 0)
  const order: PipelineNode[] = []
  for (let i = 0; i < ready.length; i++) {
    const node = ready[i] as PipelineNode
    order.push(node)
    for (const child of dependents.get(node.id) ?? []) {
      const left = (pending.get(child) as number) - 1
      pending.set(child, left)
      if (left === 0) ready.push(byId.get(child) as PipelineNode)
    }
  }
  return order
}
