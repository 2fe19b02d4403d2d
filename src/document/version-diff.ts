import type { PipelineDoc, PipelineNode } from '../graph'

/** What restoring an older version would change in the open pipeline, in the names a person gave. */
export interface VersionDiff {
  /** The older version's name, when it differs. */
  name?: string
  /** Nodes the older version has and the open one does not. */
  comesBack: string[]
  /** Nodes the open version has and the older one does not. */
  goesAway: string[]
  /** Nodes in both whose settings, type or label differ. */
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
    changes: older.nodes.filter((node) => {
      const current = now.get(node.id)
      return current !== undefined && settingsOf(current) !== settingsOf(node)
    }).map(nameOf),
    linksDiffer: linksOf(open) !== linksOf(older),
  }
}

function nameOf(node: PipelineNode): string {
  return node.label ?? node.id
}

function settingsOf(node: PipelineNode): string {
  return JSON.stringify([node.type, node.typeVersion, node.label, node.params])
}

function linksOf(doc: PipelineDoc): string {
  return doc.edges
    .map((edge) => `${edge.from.node}.${edge.from.port}>${edge.to.node}.${edge.to.port}`)
    .sort()
    .join('\n')
}
