import { parsePipelineJson, validateDocument, type DocIssue, type PipelineDoc, type PipelineNode } from '../graph'
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
  const { doc, notUpgraded } = upgradeNodes(parsed.doc, registry)
  return { ok: true, doc, issues: [...notUpgraded, ...validateDocument(doc, registry)], notUpgraded }
}

/**
 * Every node brought up to its type's version, the one step every document takes on its way into
 * the editor or a run: imported, shared, from the library, a template, an older version, the
 * default pipeline. The same document comes back when nothing needed it. A node whose params
 * cannot be upgraded stays as it was, listed.
 */
export function upgradeNodes(doc: PipelineDoc, registry: NodeRegistry): { doc: PipelineDoc; notUpgraded: DocIssue[] } {
  const notUpgraded: DocIssue[] = []
  const upgradeAll = (nodes: PipelineNode[], path: string): PipelineNode[] => {
    let changed = false
    const upgraded = nodes.map((node, i) => {
      try {
        const next = registry.upgrade(node)
        if (next !== node) changed = true
        return next
      } catch (error) {
        notUpgraded.push({ nodeId: node.id, path: `${path}[${i}].typeVersion`, message: (error as Error).message })
        return node
      }
    })
    return changed ? upgraded : nodes
  }
  const nodes = upgradeAll(doc.nodes, 'nodes')
  // A component's inner nodes are nodes like any other: its definition comes up with them.
  const components = doc.components?.map((component, c) => {
    const inner = upgradeAll(component.nodes, `components[${c}].nodes`)
    return inner === component.nodes ? component : { ...component, nodes: inner }
  })
  const componentsChanged = components !== undefined && components.some((component, c) => component !== doc.components?.[c])
  if (nodes === doc.nodes && !componentsChanged) return { doc, notUpgraded }
  return { doc: { ...doc, nodes, ...(componentsChanged ? { components } : {}) }, notUpgraded }
}
