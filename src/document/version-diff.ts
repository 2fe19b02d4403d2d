import type { PipelineDoc, PipelineNode } from '../graph'

/** What restoring an older version would change in the open pipeline, in the names a person gave. */
export interface VersionDiff {
  /** The older version's name, when it differs. */
  name?: string
  /** Nodes the older version has and the open one does not. */
  comesBack: string[]
  /** Nodes the open version has and the older one does not. */
  goesAway: string[]
  /**
   * Nodes in both whose settings, type or label differ, each named with what changed from the older
   * version to the open one: "Dusk grade: exposure 0.3 → 0.7".
   */
  changes: string[]
  linksDiffer: boolean
}

export function versionDiff(open: PipelineDoc, older: PipelineDoc): VersionDiff {
  const now = new Map(open.nodes.map((node) => [node.id, node]))
  const then = new Map(older.nodes.map((node) => [node.id, node]))
  return {
    ...(older.name !== open.name ? { name: older.name } : {}),
    comesBack: older.nodes.filter((node) => !now.has(node.id)).map(nameOf),
    goesAway: open.nodes.filter((node) => !then.has(node.id)).map(nameOf),
    changes: older.nodes.flatMap((node) => {
      const current = now.get(node.id)
      if (current === undefined) return []
      const changed = nodeChanges(node, current)
      return changed.length > 0 ? [`${nameOf(current)}: ${changed.join(', ')}`] : []
    }),
    linksDiffer: linksOf(open) !== linksOf(older),
  }
}

function nameOf(node: PipelineNode): string {
  return node.label ?? node.id
}

/** What differs on one node between two versions, older first. */
function nodeChanges(then: PipelineNode, now: PipelineNode): string[] {
  const changed: string[] = []
  if (then.type !== now.type || then.typeVersion !== now.typeVersion) changed.push(`type ${then.type} → ${now.type}`)
  if (then.label !== now.label) changed.push(`named ${shown(then.label ?? then.id)} → ${shown(now.label ?? now.id)}`)
  const params = [...new Set([...Object.keys(then.params), ...Object.keys(now.params)])]
  for (const param of params) {
    const before = then.params[param]
    const after = now.params[param]
    if (JSON.stringify(before) !== JSON.stringify(after)) changed.push(`${param} ${shown(before)} → ${shown(after)}`)
  }
  return changed
}

/** Longer values (a whole prompt) are cut, so a line of changes stays readable. */
const LONGEST_VALUE = 40

function shown(value: unknown): string {
  if (value === undefined || value === null) return 'unset'
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const text = typeof value === 'string' ? `“${value}”` : JSON.stringify(value)
  return text.length > LONGEST_VALUE ? `${text.slice(0, LONGEST_VALUE - 1)}…` : text
}

function linksOf(doc: PipelineDoc): string {
  return doc.edges
    .map((edge) => `${edge.from.node}.${edge.from.port}>${edge.to.node}.${edge.to.port}`)
    .sort()
    .join('\n')
}
