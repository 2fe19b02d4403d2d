import type { NodeDisplayStatus } from '../state/node-run'

const statusLabels: Record<NodeDisplayStatus | 'missing', string> = {
  idle: 'Idle',
  queued: 'Queued',
  running: 'Running',
  cached: 'Cached',
  done: 'Done',
  error: 'Error',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  missing: 'Missing',
}

export function StatusBadge({ status, stale }: { status: NodeDisplayStatus | 'missing'; stale?: boolean }) {
  const label = stale && status === 'idle' ? 'Out of date' : statusLabels[status]
  return <span className={`status status--${status}${stale ? ' status--stale' : ''}`}>{label}</span>
}
