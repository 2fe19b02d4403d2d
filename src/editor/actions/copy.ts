import { hasGroupsOrNotes } from '../state/selection-slice'
import { copySelection } from '../clipboard/fragment-clipboard'
import type { EditorAction } from './action'

/** Copies the selected nodes and the links between them, to paste here or in another pipeline or tab. */
export const copyAction: EditorAction = {
  name: 'copy',
  label: 'Copy',
  shortcuts: [{ key: 'c', mod: true }],
  isEnabled: (state) => state.selection.nodes.length > 0 || hasGroupsOrNotes(state.selection),
  perform: (editor) => void copySelection(editor),
}
