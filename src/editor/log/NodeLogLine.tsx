import { runIdPrefix } from '../state/component-level'
import { useEditorStore } from '../state/use-editor-store'
import './log.css'

/**
 * On a node: the newest line of its log in the last run (the upscale's "about 40 s left"), kept after
 * the run; pressed, the log panel shows all of this node's lines. A warning or error the node already
 * shows in its message is not said twice: then only the way to its lines is shown.
 */
export function NodeLogLine({ nodeId, message }: { nodeId: string; message: string | undefined }) {
  const runId = useEditorStore((state) => `${runIdPrefix(state.openPath)}${nodeId}`)
  const entry = useEditorStore((state) => state.runLog.byNode[runId])
  const showLog = useEditorStore((state) => state.showLog)
  if (!entry) return null
  const { latest, count } = entry
  const said = message?.includes(latest.message) ?? false
  const more = count > 1 ? `${count} lines` : 'log'
  return (
    <button
      type="button"
      className={`node__log node__log--${latest.level} nodrag`}
      data-field="log"
      title={`${latest.message}\nShow this node’s lines in the log`}
      onClick={() => showLog(runId)}
    >
      {!said && <span className="node__log-line">{latest.message}</span>}
      {(said || count > 1) && <span className="node__log-more">{said ? `Log · ${more}` : more}</span>}
    </button>
  )
}
