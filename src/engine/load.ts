import { parsePipelineJson, validateDocument, type DocIssue, type PipelineDoc } from '../graph'
import type { NodeRegistry } from './registry'

export type LoadResult =
  | {
      ok: true
      doc: PipelineDoc
      /** Everything in the way of running, the problems below included. */
      issues: DocIssue[]
      /** Nodes whose params could not be brought up to their type's version: they stay as they were. */
      notUpgraded: DocIssue[]
    }
  | { ok: false; issues: DocIssue[] }

/**
 * Opens a document from outside: parse, migrate the format, upgrade each node's params to its
 * type's version, then validate. A document that cannot be read is refused with the path of each
 * bad field; one that reads but has graph problems opens with them listed (they block running,
 * not editing). Unknown node types stay as missing nodes with their params and links.
 */
export function loadPipeline(text: string, registry: NodeRegistry): LoadResult {
  const parsed = parsePipelineJson(text)
  if (!parsed.ok) return parsed
  const notUpgraded: DocIssue[] = []
  const nodes = parsed.doc.nodes.map((node, i) => {
    try {
      return registry.upgrade(node)
    } catch (error) {
      notUpgraded.push({ nodeId: node.id, path: `nodes[${i}].typeVersion`, message: (error as Error).message })
      return node
    }
  })
  const doc = { ...parsed.doc, nodes }
  return { ok: true, doc, issues: [...notUpgraded, ...validateDocument(doc, registry)], notUpgraded }
}
