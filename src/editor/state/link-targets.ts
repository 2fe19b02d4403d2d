import type { PipelineDoc, PortRef } from '../../graph'
import type { NodeRegistry } from '../../engine'
import { isSingleInput, refusedLink } from './link-check'

/** An input one output may be linked into; `replaces` is the output linked there now, which the link would take its place. */
export interface LinkTarget {
  to: PortRef
  replaces?: PortRef
}

/** One output of a node and the inputs it may go into. */
export interface OutputTargets {
  port: string
  targets: LinkTarget[]
}

/**
 * Every input of the other nodes that each of this node's outputs may be linked into, by the same
 * check the canvas makes on a drawn link; a link that is already there is not offered again.
 */
export function linkTargets(doc: PipelineDoc, registry: NodeRegistry, nodeId: string): OutputTargets[] {
  const source = doc.nodes.find((node) => node.id === nodeId)
  const outputs = source ? registry.get(source.type)?.outputs : undefined
  if (!outputs) return []
  return Object.keys(outputs).map((port) => {
    const from = { node: nodeId, port }
    const targets = doc.nodes.flatMap((node) =>
      Object.keys(registry.get(node.type)?.inputs ?? {}).flatMap((input): LinkTarget[] => {
        const to = { node: node.id, port: input }
        if (refusedLink(doc, registry, { from, to }) !== undefined) return []
        const into = doc.edges.filter((edge) => edge.to.node === to.node && edge.to.port === to.port)
        if (into.some((edge) => edge.from.node === from.node && edge.from.port === from.port)) return []
        const replaced = isSingleInput(doc, registry, to) ? into[0]?.from : undefined
        return [replaced ? { to, replaces: replaced } : { to }]
      }),
    )
    return { port, targets }
  })
}
