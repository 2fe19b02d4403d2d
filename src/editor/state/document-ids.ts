import { componentIdOf, type PipelineDoc } from '../../graph'

/** A readable id not in `taken`: `image-adjust-2`, `link-7`. */
export function firstFreeId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}-${n}`
    if (!taken.has(id)) return id
  }
}

export function newNodeId(doc: PipelineDoc, type: string): string {
  return firstFreeId(nodeIdStem(type), new Set(doc.nodes.map((node) => node.id)))
}

/** What a new node's id starts with: its type, or for a component node its component's id (`shot-2`). */
export function nodeIdStem(type: string): string {
  return componentIdOf(type) ?? type
}

export function newLinkId(doc: PipelineDoc): string {
  return firstFreeId('link', new Set(doc.edges.map((edge) => edge.id)))
}
