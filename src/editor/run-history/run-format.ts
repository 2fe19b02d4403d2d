import type { NodeRunRecord, RunRecord } from '../../engine'

/** "11:02:13", with the day in front when it was not today. */
export function formatWhen(at: number, now = Date.now()): string {
  const date = new Date(at)
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
  if (new Date(now).toDateString() === date.toDateString()) return time
  return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** Nothing paid asked for is "—"; local work that costs nothing is "free". */
export function formatCost(costUsd: number | undefined): string {
  if (costUsd === undefined) return '—'
  if (costUsd === 0) return 'free'
  return `$${costUsd.toFixed(2)}`
}

const outcomeWords: Record<RunRecord['status'], string> = {
  done: 'Done',
  error: 'Failed',
  cancelled: 'Cancelled',
  refused: 'Refused',
}

export function formatOutcome(status: RunRecord['status']): string {
  return outcomeWords[status]
}

const nodeStatusWords: Record<NodeRunRecord['status'], string> = {
  done: 'Ran',
  cached: 'Cached',
  error: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
}

export function formatNodeStatus(status: NodeRunRecord['status']): string {
  return nodeStatusWords[status]
}

/** "made 2, reused 1" for a node whose parts (takes) are cached on their own. */
export function formatParts(parts: NodeRunRecord['parts']): string {
  if (!parts) return ''
  return `made ${parts.made}, reused ${parts.reused}`
}
