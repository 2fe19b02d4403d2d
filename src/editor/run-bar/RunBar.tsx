import './run-bar.css'
import { useEditorStore } from '../state/use-editor-store'
import { ActionButton } from '../actions/ActionButton'
import { cancelAction } from '../actions/cancel'
import { copyShareLinkAction } from '../actions/copy-share-link'
import { exportAction } from '../actions/export'
import { exportBundleAction } from '../actions/export-bundle'
import { importAction } from '../actions/import'
import { openBudgetAction } from '../actions/open-budget'
import { openHistoryAction } from '../actions/open-history'
import { openPipelinesAction } from '../actions/open-pipelines'
import { openProviderKeysAction } from '../actions/open-provider-keys'
import { openTemplatesAction } from '../actions/open-templates'
import { openStorageAction } from '../actions/open-storage'
import { redoAction } from '../actions/redo'
import { runAction } from '../actions/run'
import { runToHereAction } from '../actions/run-to-here'
import { showRunHistoryAction } from '../actions/show-run-history'
import { showShortcutsAction } from '../actions/show-shortcuts'
import { showSimpleViewAction } from '../actions/show-simple-view'
import { togglePreviewAction } from '../actions/toggle-preview'
import { undoAction } from '../actions/undo'
import { addNoteAction } from '../actions/add-note'
import { groupSelectionAction } from '../actions/group-selection'
import { ThemeToggle } from '../theme/ThemeToggle'
import { ActionMenu } from './ActionMenu'
import { RunStatus } from './RunStatus'
import { SaveState } from './SaveState'

/** The top bar: the pipeline's name, running it, undo and redo, a menu of the pipeline files and the keys. */
export function RunBar() {
  const name = useEditorStore((state) => state.doc.name)
  const offersSimpleView = useEditorStore((state) => state.mode === 'graph' && (state.doc.exposed?.length ?? 0) > 0)
  return (
    <header className="run-bar">
      <div className="run-bar__title">
        <span className="run-bar__brand">Reelgraph</span>
        <h1 className="run-bar__pipeline">{name}</h1>
        <SaveState />
      </div>
      <div className="run-bar__group" role="group" aria-label="Run">
        <ActionButton action={runAction} className="button--primary" />
        <ActionButton action={runToHereAction} />
        <ActionButton action={cancelAction} className="button--danger" />
      </div>
      <RunStatus />
      <div className="run-bar__group" role="group" aria-label="Edit">
        <ActionButton action={undoAction} className="run-bar__glyph">
          ↶
        </ActionButton>
        <ActionButton action={redoAction} className="run-bar__glyph">
          ↷
        </ActionButton>
        <ActionButton action={groupSelectionAction} />
        <ActionButton action={addNoteAction} />
      </div>
      <ActionMenu
        label="File"
        actions={[
          openPipelinesAction,
          openTemplatesAction,
          openHistoryAction,
          ...(offersSimpleView ? [showSimpleViewAction] : []),
          importAction,
          exportAction,
          exportBundleAction,
          copyShareLinkAction,
          openProviderKeysAction,
          openBudgetAction,
        ]}
      />
      <div className="run-bar__group" role="group" aria-label="View">
        <ActionButton action={togglePreviewAction} />
        <ActionButton action={showRunHistoryAction} />
        <ActionButton action={openStorageAction} />
      </div>
      <ThemeToggle />
      <ActionButton action={showShortcutsAction} className="button--quiet run-bar__glyph">
        ?
      </ActionButton>
    </header>
  )
}
