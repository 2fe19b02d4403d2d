import { hasEntry, type DocIssue, type PipelineDoc } from '../graph'
import type { NodeRegistry } from './registry'

/**
 * A document from outside with every param its node type does not have left out, each listed.
 * The app never writes such a param, so this is where an API key or anything else someone slipped
 * into a file is dropped before it is saved. A missing node keeps all its params: its type is
 * unknown here, so none of them can be judged.
 */
export function withoutUnknownParams(doc: PipelineDoc, registry: NodeRegistry): { doc: PipelineDoc; dropped: DocIssue[] } {
  const dropped: DocIssue[] = []
  const nodes = doc.nodes.map((node, i) => {
    const shape = registry.get(node.type)?.params.shape
    if (!shape) return node
    const unknown = Object.keys(node.params).filter((name) => !hasEntry(shape, name))
    if (unknown.length === 0) return node
    for (const name of unknown) {
      dropped.push({
        nodeId: node.id,
        path: `nodes[${i}].params.${name}`,
        message: `a "${node.type}" node has no setting "${name}"; it was left out (a pipeline never carries keys or passwords)`,
      })
    }
    return { ...node, params: Object.fromEntries(Object.entries(node.params).filter(([name]) => hasEntry(shape, name))) }
  })
  return { doc: dropped.length === 0 ? doc : { ...doc, nodes }, dropped }
}
