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
  /** What its paid work cost at the providers' estimates, in US dollars; absent when none was asked for. */
  costUsd?: number
}

export function summarizeRun(record: RunRecord): RunSummary {
  const counts: Record<NodeOutcome, number> = { done: 0, cached: 0, error: 0, skipped: 0, cancelled: 0 }
  let costUsd: number | undefined
  for (const node of Object.values(record.nodes)) {
    counts[node.status]++
    if (node.costUsd !== undefined) costUsd = (costUsd ?? 0) + node.costUsd
  }
  return {
    status: record.status,
    counts,
    seconds: (record.finishedAt - record.startedAt) / 1000,
    ...(record.target !== undefined ? { target: record.target } : {}),
    issues: record.issues ?? [],
    ...(costUsd !== undefined ? { costUsd } : {}),
  }
}
