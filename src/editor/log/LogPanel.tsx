import type { KeptLog } from '../../storage'
import { useEditorStore } from '../state/use-editor-store'
import { formatWhen } from '../run-history/run-format'
import { lineIsOf, LogLines } from './LogLines'
import { INSTANCE_SEPARATOR } from '../../graph'

/**
 * In the dock: every line of the last run (what each node reported, warned of, failed with), all
 * nodes' or one node's. Before this editor has run anything, the last recorded run's log, which
 * opening the pipeline read back (`showLastRunLog`).
 */
export function LogPanel() {
  const log = useEditorStore((state) => state.runLog)
  const logNode = useEditorStore((state) => state.logNode)
  const showLog = useEditorStore((state) => state.showLog)
  if (log.lines.length === 0) return <p className="dock__hint">No log lines yet. Press Run, and what each node reports is listed here.</p>

  // Each node with lines, once, by the name the lines give it.
  const nodes = [...new Map(log.lines.map((line) => [line.nodeId, line.node])).entries()]
  const heading = log.recordedRunStartedAt === undefined ? 'Log of the last run' : `Log of the run of ${formatWhen(log.recordedRunStartedAt)}`
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

/**
 * A node that has no lines of its own: a component instance, named by the start of its inner nodes'
 * names ("Shot 1" of "Shot 1 › Grade").
 */
function outerName(log: KeptLog, nodeId: string): string {
  const inner = log.lines.find((line) => lineIsOf(line, nodeId))
  if (!inner) return 'A node with no lines'
  return inner.node.split(' › ').slice(0, nodeId.split(INSTANCE_SEPARATOR).length).join(' › ')
}
