import { useEffect, useState } from 'react'
import type { KeptLog } from '../../storage'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { formatWhen } from '../run-history/run-format'
import { lineIsOf, LogLines } from './LogLines'
import { INSTANCE_SEPARATOR } from '../../graph'

/**
 * In the dock: every line of the last run (what each node reported, warned of, failed with), all
 * nodes' or one node's. Before this editor has run anything, the last recorded run's log.
 */
export function LogPanel() {
  const sessionLog = useEditorStore((state) => state.runLog)
  const ranHere = useEditorStore((state) => state.currentRun.active || state.currentRun.last !== undefined)
  const logNode = useEditorStore((state) => state.logNode)
  const showLog = useEditorStore((state) => state.showLog)
  const stored = useLastRecordedLog(!ranHere)
  const log = ranHere ? sessionLog : stored?.log
  if (!ranHere && stored === undefined) return <p className="dock__hint">Reading the last run’s log…</p>
  if (!log || log.lines.length === 0) return <p className="dock__hint">No log lines yet. Press Run, and what each node reports is listed here.</p>

  // Each node with lines, once, by the name the lines give it.
  const nodes = [...new Map(log.lines.map((line) => [line.nodeId, line.node])).entries()]
  const heading = ranHere ? 'Log of the last run' : `Log of the run of ${formatWhen(stored?.startedAt ?? 0)}`
  return (
    <div className="log">
      <header className="log__header">
        <h3>{heading}</h3>
        <label>
          Node{' '}
          <select value={logNode ?? ''} onChange={(event) => showLog(event.target.value === '' ? null : event.target.value)}>
            <option value="">Every node</option>
            {nodes.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
            {logNode !== null && !nodes.some(([id]) => id === logNode) && <option value={logNode}>{outerName(log, logNode)}</option>}
          </select>
        </label>
      </header>
      <LogLines log={log} nodeId={logNode} label="Log lines" />
    </div>
  )
}

/** The log kept with the pipeline's last recorded run, when asked for; `null` when there is none. */
function useLastRecordedLog(wanted: boolean): { log: KeptLog | undefined; startedAt: number } | null | undefined {
  const { storage } = useEditorContext()
  const pipelineId = useEditorStore((state) => state.doc.id)
  const runsRecorded = useEditorStore((state) => state.runsRecorded)
  const reportProblem = useEditorStore((state) => state.reportProblem)
  const [read, setRead] = useState<{ pipelineId: string; last: { log: KeptLog | undefined; startedAt: number } | null } | null>(null)
  useEffect(() => {
    if (!wanted) return
    let cancelled = false
    storage.runs.recent(pipelineId, 1).then(
      ([record]) => !cancelled && setRead({ pipelineId, last: record ? { log: record.log, startedAt: record.startedAt } : null }),
      (error: unknown) => {
        if (cancelled) return
        setRead({ pipelineId, last: null })
        reportProblem(error)
      },
    )
    return () => {
      cancelled = true
    }
  }, [storage, pipelineId, runsRecorded, wanted, reportProblem])
  return read?.pipelineId === pipelineId ? read.last : undefined
}

/**
 * A node that has no lines of its own: a component instance, named by the start of its inner nodes'
 * names ("Shot 1" of "Shot 1 › Grade").
 */
function outerName(log: KeptLog, nodeId: string): string {
  const inner = log.lines.find((line) => lineIsOf(line, nodeId))
  if (!inner) return 'A node with no lines'
  return inner.node.split(' › ').slice(0, nodeId.split(INSTANCE_SEPARATOR).length).join(' › ')
}
