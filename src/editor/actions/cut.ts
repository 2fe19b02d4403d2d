import { hasGroupsOrNotes } from '../state/selection-slice'
import { copySelection } from '../clipboard/fragment-clipboard'
import type { EditorAction } from './action'

/** Copies the selected nodes, then removes them (one undo step brings them back). */
export const cutAction: EditorAction = {
  name: 'cut',
  label: 'Cut',
  shortcuts: [{ key: 'x', mod: true }],
  isEnabled: (state) => state.selection.nodes.length > 0 || hasGroupsOrNotes(state.selection),
  perform: (editor) => {
    const { selection } = editor.store.getState()
    void copySelection(editor).then(() => editor.store.getState().deleteItems(selection.nodes, selection.links, selection))
  },
}
