import { hasEntry, type DocIssue, type ExposedParam, type PipelineDoc, type PipelineNode } from '../graph'
import type { NodeRegistry } from './registry'

/**
 * A template's inputs (the document's `exposed` params) that point nowhere: at a node that is not
 * in the pipeline, a node whose type this build lacks, or a param the node does not have. They
 * do not stop a run (the graph is whole without them); the simple form leaves them out and the
 * import report lists them.
 */
export function exposedParamIssues(doc: PipelineDoc, registry: NodeRegistry): DocIssue[] {
  const nodes = new Map(doc.nodes.map((node) => [node.id, node]))
  return (doc.exposed ?? []).flatMap((exposed, i) => {
    const problem = problemOf(exposed, nodes, registry)
    if (!problem) return []
    const { field, ...issue } = problem
    return [{ ...issue, path: `exposed[${i}].${field}` }]
  })
}

/** The exposed params that point at a param of a known node, in the template's order. */
export function usableExposedParams(doc: PipelineDoc, registry: NodeRegistry): ExposedParam[] {
  const nodes = new Map(doc.nodes.map((node) => [node.id, node]))
  return (doc.exposed ?? []).filter((exposed) => problemOf(exposed, nodes, registry) === undefined)
}

function problemOf(
  exposed: ExposedParam,
  nodes: ReadonlyMap<string, PipelineNode>,
  registry: NodeRegistry,
): { field: 'node' | 'param'; nodeId?: string; message: string } | undefined {
  const named = `the input “${exposed.label}”`
  const node = nodes.get(exposed.node)
  if (!node) return { field: 'node', message: `${named} points to node "${exposed.node}", which is not in the pipeline` }
  const definition = registry.get(node.type)
  if (!definition) return { field: 'node', nodeId: node.id, message: `${named} belongs to a "${node.type}" node, a type this Reelgraph lacks` }
  if (hasEntry(definition.params.shape, exposed.param)) return undefined
  const names = Object.keys(definition.params.shape).join(', ') || 'none'
  return { field: 'param', nodeId: node.id, message: `${named} points to param "${exposed.param}", which a "${node.type}" node does not have (its params: ${names})` }
}
