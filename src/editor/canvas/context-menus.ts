import type { Position } from '../../graph'
import { copyAction } from '../actions/copy'
import { cutAction } from '../actions/cut'
import { deleteSelectionAction } from '../actions/delete-selection'
import { duplicateAction } from '../actions/duplicate'
import { frameSelectionAction } from '../actions/frame-selection'
import { groupSelectionAction } from '../actions/group-selection'
import { linkFromAction } from '../actions/link-from'
import { makeComponentAction } from '../actions/make-component'
import { pasteAction } from '../actions/paste'
import { runToHereAction } from '../actions/run-to-here'
import { selectAllAction } from '../actions/select-all'
import { unpackComponentAction } from '../actions/unpack-component'
import type { EditorContextValue } from '../state/context'
import type { MenuItem } from './CanvasContextMenu'

/** A node's menu: the actions on the selection, which a right-click makes that node when it was not in it. */
export const nodeMenuItems: readonly MenuItem[] = [
  runToHereAction,
  duplicateAction,
  copyAction,
  cutAction,
  linkFromAction,
  groupSelectionAction,
  makeComponentAction,
  unpackComponentAction,
  frameSelectionAction,
  deleteSelectionAction,
].map((action) => ({ name: action.name, label: action.label, action }))

/** A link's menu. */
export function linkMenuItems({ store }: EditorContextValue, linkId: string): readonly MenuItem[] {
  return [{ name: 'delete-link', label: 'Delete link', perform: () => store.getState().deleteItems([], [linkId]) }]
}

/** Empty canvas's menu: what goes where it was right-clicked. */
export function canvasMenuItems({ store }: EditorContextValue, at: Position): readonly MenuItem[] {
  return [
    { name: 'add-node-here', label: 'Add node here…', perform: () => store.getState().openSearch({ at }) },
    { name: pasteAction.name, label: pasteAction.label, action: pasteAction },
    { name: 'add-note-here', label: 'Add note here', perform: () => store.getState().addNote(at) },
    { name: selectAllAction.name, label: selectAllAction.label, action: selectAllAction },
  ]
}
