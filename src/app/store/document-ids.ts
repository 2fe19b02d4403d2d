import type { PipelineDoc } from '../../graph'

/** A readable id not in `taken`: `image-adjust-2`, `link-7`. */
export function firstFreeId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}-${n}`
    if (!taken.has(id)) return id
  }
}

export function newNodeId(doc: PipelineDoc, type: string): string {
  return firstFreeId(type, new Set(doc.nodes.map((node) => node.id)))
}

export function newLinkId(doc: PipelineDoc): string {
  return firstFreeId('link', new Set(doc.edges.map((edge) => edge.id)))
}
