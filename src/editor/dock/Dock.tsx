import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { useEditorStore } from '../state/use-editor-store'
import type { DockPanel } from '../state/dock-slice'
import { PreviewPanel } from '../preview/PreviewPanel'
import { RunHistory } from '../run-history/RunHistory'
import { showRunHistoryAction } from '../actions/show-run-history'
import { showLogAction } from '../actions/show-log'
import { LogPanel } from '../log/LogPanel'
import { openDailiesAction } from '../actions/open-dailies'
import { Dailies } from '../dailies/Dailies'
import { showTimelineAction } from '../actions/show-timeline'
import { TimelinePanel } from '../timeline/TimelinePanel'
import { togglePreviewAction } from '../actions/toggle-preview'
import { describeShortcut } from '../actions/shortcut'
import type { EditorAction } from '../actions/action'
import { useEditorContext } from '../state/use-editor-context'
import './dock.css'

const panels: { panel: DockPanel; action: EditorAction }[] = [
  { panel: 'preview', action: togglePreviewAction },
  { panel: 'timeline', action: showTimelineAction },
  { panel: 'runs', action: showRunHistoryAction },
  { panel: 'log', action: showLogAction },
  { panel: 'dailies', action: openDailiesAction },
]

/** The dock's height when it first opens, and the least it keeps of itself and of the canvas above it. */
const DOCK_HEIGHT = 320
const MIN_DOCK_HEIGHT = 120
const MIN_CANVAS_HEIGHT = 160
/** How far an arrow key moves the dock's edge. */
const KEY_STEP = 24

/**
 * Under the canvas: the selected node's preview, a sequence's timeline, the run history, the run's
 * log or the Dailies, one at a time; hidden until asked for. Its top edge drags (or moves with the arrow keys)
 * to make it taller or shorter, and it can fill the window ("Full window", F11 while it is open;
 * Escape or the button again to return).
 */
export function Dock() {
  const editor = useEditorContext()
  const dock = useEditorStore((state) => state.dock)
  const closeDock = useEditorStore((state) => state.closeDock)
  const [height, setHeight] = useState(DOCK_HEIGHT)
  const [fullWindow, setFullWindow] = useState(false)
  const dragFrom = useRef<{ y: number; height: number } | null>(null)

  useEffect(() => {
    if (dock === null) return
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'F11') {
        event.preventDefault()
        setFullWindow((full) => !full)
      } else if (event.key === 'Escape' && fullWindow) {
        event.preventDefault()
        event.stopPropagation()
        setFullWindow(false)
      }
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [dock, fullWindow])

  if (dock === null) return null
  const open = panels.find((entry) => entry.panel === dock) ?? panels[0]
  const tallest = () => Math.max(MIN_DOCK_HEIGHT, window.innerHeight - MIN_CANVAS_HEIGHT)
  const resizeTo = (wanted: number) => setHeight(Math.round(Math.min(tallest(), Math.max(MIN_DOCK_HEIGHT, wanted))))

  const onEdgeDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId)
    dragFrom.current = { y: event.clientY, height }
  }
  const onEdgeMove = (event: PointerEvent<HTMLDivElement>) => {
    const from = dragFrom.current
    if (from) resizeTo(from.height + from.y - event.clientY)
  }
  const onEdgeUp = () => {
    dragFrom.current = null
  }
  const onEdgeKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const by = { ArrowUp: KEY_STEP, ArrowDown: -KEY_STEP }[event.key]
    if (by === undefined) return
    event.preventDefault()
    resizeTo(height + by)
  }

  return (
    <section className={`dock${fullWindow ? ' dock--full' : ''}`} aria-label={open?.action.label} style={fullWindow ? undefined : { height }}>
      {!fullWindow && (
        <div
          className="dock__edge"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Dock height"
          aria-valuemin={MIN_DOCK_HEIGHT}
          aria-valuemax={tallest()}
          aria-valuenow={height}
          tabIndex={0}
          onPointerDown={onEdgeDown}
          onPointerMove={onEdgeMove}
          onPointerUp={onEdgeUp}
          onPointerCancel={onEdgeUp}
          onKeyDown={onEdgeKey}
        />
      )}
      <header className="dock__header">
        <div className="dock__tabs" role="group" aria-label="Dock panels">
          {panels.map(({ panel, action }) => {
            const shortcut = action.shortcuts[0]
            return (
              <button
                key={panel}
                type="button"
                className="dock__tab"
                aria-pressed={dock === panel}
                title={shortcut ? `${action.label} (${describeShortcut(shortcut)})` : action.label}
                onClick={() => (dock === panel ? undefined : action.perform(editor))}
              >
                {action.label}
              </button>
            )
          })}
        </div>
        <div className="dock__buttons">
          <button type="button" className="button--quiet" aria-pressed={fullWindow} title="Full window (F11; Escape to return)" onClick={() => setFullWindow((full) => !full)}>
            Full window
          </button>
          <button type="button" className="button--quiet" onClick={closeDock}>
            Close
          </button>
        </div>
      </header>
      <div className={`dock__body dock__body--${dock}`}>{dock === 'preview' ? <PreviewPanel /> : dock === 'timeline' ? <TimelinePanel /> : dock === 'runs' ? <RunHistory /> : dock === 'log' ? <LogPanel /> : <Dailies />}</div>
    </section>
  )
}
