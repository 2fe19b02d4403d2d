import type { PipelineDoc } from '../../graph'

/** A readable id not yet used in the document: `image-adjust-2`, `link-7`. */
function firstFree(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}-${n}`
    if (!taken.has(id)) return id
  }
}

export function newNodeId(doc: PipelineDoc, type: string): string {
  return firstFree(type, new Set(doc.nodes.map((node) => node.id)))
}

export function newLinkId(doc: PipelineDoc): string {
  return firstFree('link', new Set(doc.edges.map((edge) => edge.id)))
}
