import type { PipelineDoc, PipelineEdge, PipelineNode } from '../../graph'
import { canonicalJson, paramsForItem, parseParams, resultParams, type AnyNodeDefinition, type NodeRegistry } from '../../engine'

/** What a document change means for the shown results. */
export interface ResultChanges {
  /** Nodes no longer in the document: their run state goes. */
  removed: string[]
  /** Nodes whose params, type or incoming links changed: their result no longer matches. */
  changed: string[]
  /**
   * Nodes that keep a choice per item (`forItem`) where only some items' results no longer match:
   * those items' keys, by node. A node listed here is not in `changed`.
   */
  changedItems: Record<string, string[]>
}

/** The item keys a node's last run had, for a node that ran per item. */
export type ItemKeysOf = (nodeId: string) => readonly string[] | undefined

/**
 * Compares two versions of a document the way the cache does: a move or a new label changes no
 * result; new params or different links into a node do. Edits and their undo share this, so an undo
 * marks exactly the nodes the edit would have.
 */
export function resultChanges(before: PipelineDoc, after: PipelineDoc, registry?: NodeRegistry, itemKeysOf?: ItemKeysOf): ResultChanges {
  const earlier = new Map(before.nodes.map((node) => [node.id, node]))
  const remaining = new Set(after.nodes.map((node) => node.id))
  const removed = before.nodes.filter((node) => !remaining.has(node.id)).map((node) => node.id)
  const changed = new Set<string>()
  const changedItems = new Map<string, string[]>()
  for (const node of after.nodes) {
    const old = earlier.get(node.id)
    // Immer keeps every untouched object, so identity is a cheap first test during a drag.
    if (!old || old === node) continue
    if (old.type !== node.type || old.typeVersion !== node.typeVersion) changed.add(node.id)
    else if (!sameParams(old.params, node.params)) {
      const definition = registry?.get(node.type)
      const keys = itemKeysOf?.(node.id)
      if (!definition?.forItem || !keys?.length) {
        if (resultParamsDiffer(old, node, definition)) changed.add(node.id)
        continue
      }
      // Each item runs with its own params, read as the run reads them: only the items whose own params changed re-run.
      const [parsedBefore, parsedAfter] = [parseParams(definition.params, old.params), parseParams(definition.params, node.params)]
      if (!parsedBefore.ok || !parsedAfter.ok) {
        changed.add(node.id)
        continue
      }
      const differing = keys.filter((key) => itemParamsDiffer(definition, parsedBefore.params, parsedAfter.params, key))
      if (differing.length === keys.length) changed.add(node.id)
      else if (differing.length > 0) changedItems.set(node.id, differing)
    }
  }
  if (before.edges !== after.edges) {
    const linksBefore = incomingLinks(before.edges)
    const linksAfter = incomingLinks(after.edges)
    for (const id of remaining) {
      if (earlier.has(id) && linksBefore.get(id) !== linksAfter.get(id)) changed.add(id)
    }
  }
  for (const id of changed) changedItems.delete(id)
  return { removed, changed: [...changed], changedItems: Object.fromEntries(changedItems) }
}

/** Whether an edit to a node's params touched more than its notes (a take's rating, say). */
function resultParamsDiffer(old: PipelineNode, node: PipelineNode, definition: AnyNodeDefinition | undefined): boolean {
  if (!definition?.notes?.length) return true
  return canonicalJson(resultParams(definition, old.params)) !== canonicalJson(resultParams(definition, node.params))
}

/** Whether one item (by its key, `4 / 2` inside a list's item) runs with other params than before, its notes aside. */
function itemParamsDiffer(definition: AnyNodeDefinition, before: Record<string, unknown>, after: Record<string, unknown>, key: string): boolean {
  const path = key === '' ? [] : key.split(' / ')
  const itemParams = (params: Record<string, unknown>) => canonicalJson(resultParams(definition, paramsForItem(definition, params, path)))
  return itemParams(before) !== itemParams(after)
}

/**
 * An undo brings nodes back as copies (immer clones what its patches carry), so equal settings are
 * not always the same object.
 */
function sameParams(before: PipelineNode['params'], after: PipelineNode['params']): boolean {
  return before === after || JSON.stringify(before) === JSON.stringify(after)
}

/** Each node's incoming links as one comparable text; link ids do not matter to a result. */
function incomingLinks(edges: readonly PipelineEdge[]): Map<string, string> {
  const byNode = new Map<string, string[]>()
  for (const edge of edges) {
    const link = `${edge.from.node}.${edge.from.port}>${edge.to.port}`
    const list = byNode.get(edge.to.node)
    if (list) list.push(link)
    else byNode.set(edge.to.node, [link])
  }
  return new Map([...byNode].map(([id, links]) => [id, links.sort().join('\n')]))
}
