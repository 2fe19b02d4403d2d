import { linkRefusal, withComponents, type BaseValueType, type PipelineDoc, type PortRef, type PortType } from '../../graph'
import type { NodeRegistry } from '../../engine'
import { downstreamOf } from './downstream'

export interface Link {
  from: PortRef
  to: PortRef
}

/** The type of a node's port, `any` for a missing node's (its ports are known only from its links). */
export function portType(doc: PipelineDoc, registry: NodeRegistry, ref: PortRef, side: 'inputs' | 'outputs'): PortType | undefined {
  const node = doc.nodes.find((candidate) => candidate.id === ref.node)
  if (!node) return undefined
  // A component instance's ports are its definition's.
  const shape = withComponents(registry, doc.components).shape(node.type)
  if (!shape) return 'any'
  return shape[side][ref.port]?.type
}

/** The value types a list input gathers besides its own. */
function inputAlso(doc: PipelineDoc, registry: NodeRegistry, ref: PortRef): readonly BaseValueType[] | undefined {
  const node = doc.nodes.find((candidate) => candidate.id === ref.node)
  return node && withComponents(registry, doc.components).shape(node.type)?.inputs[ref.port]?.also
}

/** Why the canvas refuses this link, in a sentence; undefined when it may be made. */
export function refusedLink(doc: PipelineDoc, registry: NodeRegistry, link: Link): string | undefined {
  if (link.from.node === link.to.node) return 'a node cannot feed itself'
  const from = portType(doc, registry, link.from, 'outputs')
  const to = portType(doc, registry, link.to, 'inputs')
  if (!from || !to) return 'that port is not on the node any more'
  const byType = linkRefusal(from, to, inputAlso(doc, registry, link.to))
  if (byType) return byType
  // A link from a node downstream of the target would make the pipeline run in a circle.
  if (downstreamOf(doc, [link.to.node]).has(link.from.node)) return 'it would make a loop; a pipeline flows one way'
  return undefined
}

/** True when the input takes one value, so a new link replaces the one it has. */
export function isSingleInput(doc: PipelineDoc, registry: NodeRegistry, to: PortRef): boolean {
  const type = portType(doc, registry, to, 'inputs')
  return type === undefined || !type.endsWith('[]')
}
