import type { DocIssue } from '../../graph'
import type { NodeRunRecord, RunRecord } from '../../engine'

export type NodeOutcome = NodeRunRecord['status']

/** What the run bar says about a finished run. */
export interface RunSummary {
  status: RunRecord['status']
  /** How many nodes ended each way. */
  counts: Record<NodeOutcome, number>
  seconds: number
  target?: string
  /** Why the run was refused, when it was. */
  issues: DocIssue[]
  /** What the takes made in this run paid providers, as estimated; absent when nothing with a price was made. */
  spentUSD?: number
}

export function summarizeRun(record: RunRecord): RunSummary {
  const counts: Record<NodeOutcome, number> = { done: 0, cached: 0, error: 0, skipped: 0, cancelled: 0 }
  let spentUSD: number | undefined
  for (const node of Object.values(record.nodes)) {
    counts[node.status]++
    if (node.spentUSD !== undefined) spentUSD = (spentUSD ?? 0) + node.spentUSD
  }
  return {
    status: record.status,
    counts,
    seconds: (record.finishedAt - record.startedAt) / 1000,
    ...(record.target !== undefined ? { target: record.target } : {}),
    issues: record.issues ?? [],
    ...(spentUSD !== undefined ? { spentUSD } : {}),
  }
}
