import { useEditorStore } from '../state/use-editor-store'
import type { DockPanel } from '../state/dock-slice'
import { PreviewPanel } from '../preview/PreviewPanel'
import { RunHistory } from '../run-history/RunHistory'
import { showRunHistoryAction } from '../actions/show-run-history'
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
  { panel: 'dailies', action: openDailiesAction },
]

/** Under the canvas: the selected node's preview, a sequence's timeline, the run history or the Dailies, one at a time; hidden until asked for. */
export function Dock() {
  const editor = useEditorContext()
  const dock = useEditorStore((state) => state.dock)
  const closeDock = useEditorStore((state) => state.closeDock)
  if (dock === null) return null
  const open = panels.find((entry) => entry.panel === dock) ?? panels[0]
  return (
    <section className="dock" aria-label={open?.action.label}>
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
        <button type="button" className="button--quiet" onClick={closeDock}>
          Close
        </button>
      </header>
      <div className={`dock__body dock__body--${dock}`}>{dock === 'preview' ? <PreviewPanel /> : dock === 'timeline' ? <TimelinePanel /> : dock === 'runs' ? <RunHistory /> : <Dailies />}</div>
    </section>
  )
}
