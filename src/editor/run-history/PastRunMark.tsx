import { ownValue } from '../../graph'
import { useEditorStore } from '../state/use-editor-store'
import { formatDuration, formatNodeStatus, formatWhen } from './run-format'
import './run-history.css'

/** On a node while a past run is open: what that run did here. */
export function PastRunMark({ nodeId }: { nodeId: string }) {
  const startedAt = useEditorStore((state) => state.shownRun?.startedAt)
  const entry = useEditorStore((state) => state.shownRun && ownValue(state.shownRun.nodes, nodeId))
  if (startedAt === undefined) return null
  const when = formatWhen(startedAt)
  if (!entry) {
    return (
      <p className="node__past-run" data-past-status="absent">
        Not in the run of {when}
      </p>
    )
  }
  const took = entry.status === 'done' || entry.status === 'error' ? ` · ${formatDuration(entry.durationMs)}` : ''
  return (
    <p className={`node__past-run node__past-run--${entry.status}`} data-past-status={entry.status} title={entry.error}>
      {when}: {formatNodeStatus(entry.status)}
      {took}
    </p>
  )
}
