import { useEffect, useRef } from 'react'
import type { KeptLog, LogLevel, RunLogLine } from '../../storage'
import { INSTANCE_SEPARATOR } from '../../graph'
import { useEditorStore } from '../state/use-editor-store'
import { formatWhen } from '../run-history/run-format'
import { DockTable } from '../dock/DockTable'
import './log.css'

/** How near the end (in pixels) still counts as being at the end. */
const FOLLOW_SLACK_PX = 24

const LOG_COLUMNS = ['Time', 'Node', 'Level', 'Message']

const levelNames: Record<LogLevel, string> = { info: 'info', warning: 'warning', error: 'error' }

/** Whether a line is the node's own or, for a component instance, one of its inner nodes'. */
export function lineIsOf(line: RunLogLine, nodeId: string): boolean {
  return line.nodeId === nodeId || line.nodeId.startsWith(`${nodeId}${INSTANCE_SEPARATOR}`)
}

/**
 * A run's log lines, oldest first: time, node, level, words. A line (or its node's name, from the
 * keyboard) selects its node and brings it into view when it is still on the canvas; the newest line
 * is kept in view as lines arrive.
 */
export function LogLines({ log, nodeId, label }: { log: KeptLog; nodeId: string | null; label: string }) {
  const nodes = useEditorStore((state) => state.doc.nodes)
  const openPath = useEditorStore((state) => state.openPath)
  const selectOnly = useEditorStore((state) => state.selectOnly)
  const canvasSpots = useEditorStore((state) => state.canvasSpots)
  const lines = nodeId === null ? log.lines : log.lines.filter((line) => lineIsOf(line, nodeId))
  const table = useRef<HTMLTableElement>(null)
  const end = useRef<HTMLTableRowElement>(null)
  // New lines are followed while the person is at the end; one reading further up is left there.
  const following = useRef(true)
  useEffect(() => {
    const box = table.current && scrollingParent(table.current)
    if (!box) return
    const onScroll = () => {
      following.current = box.scrollHeight - box.scrollTop - box.clientHeight < FOLLOW_SLACK_PX
    }
    box.addEventListener('scroll', onScroll)
    return () => box.removeEventListener('scroll', onScroll)
  }, [])
  useEffect(() => {
    if (following.current) end.current?.scrollIntoView({ block: 'nearest' })
  }, [lines.length])

  // Only the top level's nodes can be selected on the canvas: an inner node's line goes to its instance.
  const onCanvas = (line: RunLogLine) => (openPath.length > 0 ? undefined : nodes.find((node) => lineIsOf(line, node.id))?.id)
  const goTo = (id: string) => {
    selectOnly(id)
    canvasSpots?.frame([id])
  }

  return (
    <>
      {log.dropped > 0 && nodeId === null && (
        <p className="log__dropped">
          {log.dropped} earlier {log.dropped === 1 ? 'line' : 'lines'} not kept: a run keeps its newest lines, warnings and errors first.
        </p>
      )}
      <DockTable ref={table} className="log__lines" label={label} columns={LOG_COLUMNS}>
        <tbody>
          {lines.map((line, i) => {
            const id = onCanvas(line)
            return (
              <tr
                key={i}
                ref={i === lines.length - 1 ? end : undefined}
                className={`log__line log__line--${line.level}${id === undefined ? '' : ' log__line--on-canvas'}`}
                data-level={line.level}
                data-node-id-in-log={line.nodeId}
                onClick={id === undefined ? undefined : () => goTo(id)}
              >
                <td className="log__time">{formatWhen(line.at)}</td>
                <td className="log__node">
                  {id === undefined ? (
                    line.node
                  ) : (
                    <button
                      type="button"
                      className="button--quiet"
                      title={`Select ${line.node} and bring it into view`}
                      onClick={(event) => {
                        // The row does the same for a click anywhere on the line.
                        event.stopPropagation()
                        goTo(id)
                      }}
                    >
                      {line.node}
                    </button>
                  )}
                </td>
                <td className="log__level">{levelNames[line.level]}</td>
                <td className="log__message">{line.message}</td>
              </tr>
            )
          })}
        </tbody>
      </DockTable>
    </>
  )
}

/** The nearest box around `element` that scrolls its content. */
function scrollingParent(element: HTMLElement): HTMLElement | null {
  for (let box = element.parentElement; box; box = box.parentElement) {
    const { overflowY } = getComputedStyle(box)
    if (overflowY === 'auto' || overflowY === 'scroll') return box
  }
  return null
}
