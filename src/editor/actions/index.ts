import type { EditorAction } from './action'
import { cancelAction } from './cancel'
import { deleteSelectionAction } from './delete-selection'
import { exportAction } from './export'
import { importAction } from './import'
import { openPipelinesAction } from './open-pipelines'
import { runAction } from './run'
import { runToHereAction } from './run-to-here'

/** Every action with a shortcut, in the order a shortcut is looked up (more specific first). */
export const editorActions: readonly EditorAction[] = [
  runToHereAction,
  runAction,
  cancelAction,
  deleteSelectionAction,
  importAction,
  exportAction,
  openPipelinesAction,
]
