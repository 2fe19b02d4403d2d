import { useEffect, useState } from 'react'
import type { RecordedRun } from '../../storage'
import { LogLines } from '../log/LogLines'
import { DockTable } from '../dock/DockTable'
import { summarizeRun } from '../state/run-summary'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { formatCost, formatDuration, formatNodeStatus, formatOutcome, formatParts, formatWhen } from './run-format'
import './run-history.css'

const RUN_COLUMNS = ['When', 'What', 'Result', 'Took', 'Ran', 'Cached', 'Failed', 'Cost']
const NODE_COLUMNS = ['Node', 'State', 'Took', 'Parts', 'Cost']

/**
 * The open pipeline's last runs: when, how long, what ran, came from the cache or failed, and what
 * it cost. Opening one shows its node states, here and on the canvas, until "Back to current".
 */
export function RunHistory() {
  const runs = useRecentRuns()
  const shownRun = useEditorStore((state) => state.shownRun)
  const showRun = useEditorStore((state) => state.showRun)
  const nodeName = useNodeName()

  if (runs.error) return <p className="dock__hint" role="alert">{runs.error}</p>
  if (!runs.records) return <p className="dock__hint">Reading the run history…</p>
  if (runs.records.length === 0) return <p className="dock__hint">No runs of this pipeline yet. Press Run, and each run is listed here.</p>
  return (
    <div className="run-history">
      <DockTable className="run-history__runs" label="Runs" columns={RUN_COLUMNS}>
        <tbody>
          {runs.records.map((record) => {
            const summary = summarizeRun(record)
            const open = shownRun?.id === record.id
            return (
              <tr key={record.id} data-run-id={record.id} data-status={record.status} className={open ? 'run-history__open' : undefined}>
                <td>
                  <button type="button" className="button--quiet" aria-pressed={open} onClick={() => showRun(open ? null : record)}>
                    {formatWhen(record.startedAt)}
                  </button>
                </td>
                <td>{record.target === undefined ? 'Whole pipeline' : `To ${nodeName(record.target)}`}</td>
                <td className={`run-history__outcome run-history__outcome--${record.status}`}>{formatOutcome(record.status)}</td>
                <td>{formatDuration(record.finishedAt - record.startedAt)}</td>
                <td>{summary.counts.done}</td>
                <td>{summary.counts.cached}</td>
                <td>{summary.counts.error}</td>
                <td>{formatCost(summary.costUsd)}</td>
              </tr>
            )
          })}
        </tbody>
      </DockTable>
      {shownRun && <RunDetails record={shownRun} onBack={() => showRun(null)} />}
    </div>
  )
}

function RunDetails({ record, onBack }: { record: RecordedRun; onBack(): void }) {
  const nodeName = useNodeName()
  const entries = Object.entries(record.nodes)
  return (
    <section className="run-history__details" aria-label="Opened run">
      <header className="run-history__details-header">
        <h3>Run of {formatWhen(record.startedAt)}</h3>
        <button type="button" onClick={onBack}>
          Back to current
        </button>
      </header>
      {record.status === 'refused' && (
        <ul className="run-history__issues">
          {(record.issues ?? []).map((issue, i) => (
            <li key={i}>
              <strong>{issue.nodeId !== undefined ? nodeName(issue.nodeId) : issue.path}</strong>: {issue.message}
            </li>
          ))}
        </ul>
      )}
      {entries.length > 0 && (
        <DockTable label="Nodes in this run" columns={NODE_COLUMNS}>
          <tbody>
            {entries.map(([nodeId, entry]) => (
              <tr key={nodeId} data-node-id-in-run={nodeId} data-status={entry.status}>
                <td>{nodeName(nodeId)}</td>
                <td className={`status status--${entry.status === 'done' ? 'done' : entry.status}`} title={entry.error ?? entry.warnings?.join('\n')}>
                  {formatNodeStatus(entry.status)}
                  {entry.warnings && <span className="run-history__warning"> · {entry.warnings.length === 1 ? 'a warning' : `${entry.warnings.length} warnings`}</span>}
                </td>
                <td>{entry.status === 'done' || entry.status === 'error' ? formatDuration(entry.durationMs) : ''}</td>
                <td>{formatParts(entry.parts)}</td>
                <td>{formatCost(entry.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </DockTable>
      )}
      {record.log && record.log.lines.length > 0 && (
        <details className="run-history__log">
          <summary>
            Its log · {record.log.lines.length === 1 ? '1 line' : `${record.log.lines.length} lines`}
          </summary>
          <LogLines log={record.log} nodeId={null} label="Log of this run" />
        </details>
      )}
    </section>
  )
}

/** A node as its title bar names it; one deleted since the run by its id. */
function useNodeName(): (nodeId: string) => string {
  const { registry } = useEditorContext()
  const nodes = useEditorStore((state) => state.doc.nodes)
  return (nodeId) => {
    const node = nodes.find((candidate) => candidate.id === nodeId)
    if (!node) return `${nodeId} (deleted since)`
    return node.label ?? registry.get(node.type)?.title ?? node.type
  }
}

/** The recent runs of the open pipeline, read again when a run ends. */
function useRecentRuns(): { records?: RecordedRun[]; error?: string } {
  const { storage } = useEditorContext()
  const pipelineId = useEditorStore((state) => state.doc.id)
  const runsRecorded = useEditorStore((state) => state.runsRecorded)
  const [read, setRead] = useState<{ pipelineId: string; records?: RecordedRun[]; error?: string } | null>(null)
  useEffect(() => {
    let cancelled = false
    storage.runs.recent(pipelineId).then(
      (records) => !cancelled && setRead({ pipelineId, records }),
      (error: unknown) => !cancelled && setRead({ pipelineId, error: error instanceof Error ? error.message : String(error) }),
    )
    return () => {
      cancelled = true
    }
  }, [storage, pipelineId, runsRecorded])
  return read?.pipelineId === pipelineId ? read : {}
}
