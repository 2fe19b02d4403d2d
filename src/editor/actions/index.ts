import type { EditorAction } from './action'
import { addNoteAction } from './add-note'
import { cancelAction } from './cancel'
import { copyAction } from './copy'
import { copyShareLinkAction } from './copy-share-link'
import { cutAction } from './cut'
import { deleteSelectionAction } from './delete-selection'
import { duplicateAction } from './duplicate'
import { exportBundleAction } from './export-bundle'
import { exportAction } from './export'
import { frameSelectionAction } from './frame-selection'
import { groupSelectionAction } from './group-selection'
import { importAction } from './import'
import { linkFromAction } from './link-from'
import { makeComponentAction } from './make-component'
import { newPipelineAction } from './new-pipeline'
import { openDailiesAction } from './open-dailies'
import { openHistoryAction } from './open-history'
import { openPipelinesAction } from './open-pipelines'
import { openBudgetAction } from './open-budget'
import { openProviderKeysAction } from './open-provider-keys'
import { openSearchPaletteAction } from './open-search-palette'
import { openStorageAction } from './open-storage'
import { openTemplatesAction } from './open-templates'
import { pasteAction } from './paste'
import { redoAction } from './redo'
import { runAction } from './run'
import { runToHereAction } from './run-to-here'
import { saveAsTemplateAction } from './save-as-template'
import { selectAllAction } from './select-all'
import { showSimpleViewAction } from './show-simple-view'
import { showRunHistoryAction } from './show-run-history'
import { showLogAction } from './show-log'
import { showShortcutsAction } from './show-shortcuts'
import { showTimelineAction } from './show-timeline'
import { togglePreviewAction } from './toggle-preview'
import { toggleThemeAction } from './toggle-theme'
import { undoAction } from './undo'
import { unpackComponentAction } from './unpack-component'

/**
 * Every action with a shortcut, in the order a shortcut is looked up (more specific first) and the
 * keyboard help sheet lists them.
 */
export const editorActions: readonly EditorAction[] = [
  runToHereAction,
  runAction,
  cancelAction,
  undoAction,
  redoAction,
  copyAction,
  cutAction,
  pasteAction,
  duplicateAction,
  selectAllAction,
  deleteSelectionAction,
  groupSelectionAction,
  makeComponentAction,
  unpackComponentAction,
  addNoteAction,
  frameSelectionAction,
  openSearchPaletteAction,
  linkFromAction,
  importAction,
  exportAction,
  openPipelinesAction,
  togglePreviewAction,
  showTimelineAction,
  showRunHistoryAction,
  showLogAction,
  openStorageAction,
  showShortcutsAction,
  toggleThemeAction,
]

/** Every action, those only the run bar offers included: what the search palette finds. */
export const everyAction: readonly EditorAction[] = [
  ...editorActions,
  openTemplatesAction,
  openHistoryAction,
  openDailiesAction,
  showSimpleViewAction,
  exportBundleAction,
  copyShareLinkAction,
  openProviderKeysAction,
  openBudgetAction,
  newPipelineAction,
  saveAsTemplateAction,
]
