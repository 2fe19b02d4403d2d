import type { PipelineDoc } from '../../graph'

/**
 * The given nodes and every node that reads from them, directly or further down: what a change to
 * them makes out of date.
 */
export function downstreamOf(doc: PipelineDoc, nodeIds: Iterable<string>): Set<string> {
  const readers = new Map<string, string[]>()
  for (const edge of doc.edges) {
    const list = readers.get(edge.from.node)
    if (list) list.push(edge.to.node)
    else readers.set(edge.from.node, [edge.to.node])
  }
  const found = new Set(nodeIds)
  const queue = [...found]
  for (let i = 0; i < queue.length; i++) {
    for (const reader of readers.get(queue[i] as string) ?? []) {
      if (found.has(reader)) continue
      found.add(reader)
      queue.push(reader)
    }
  }
  return found
}
