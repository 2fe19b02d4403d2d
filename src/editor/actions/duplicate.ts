import { hasGroupsOrNotes } from '../state/selection-slice'
import { fragmentOf } from '../state/fragment'
import type { EditorAction } from './action'

/** A copy of the selected nodes and their inner links, beside them, without touching the clipboard. */
export const duplicateAction: EditorAction = {
  name: 'duplicate',
  label: 'Duplicate',
  shortcuts: [{ key: 'd', mod: true }],
  isEnabled: (state) => state.selection.nodes.length > 0 || hasGroupsOrNotes(state.selection),
  perform: ({ store }) => {
    const { doc, selection, pasteFragment } = store.getState()
    pasteFragment(fragmentOf(doc, selection.nodes, selection))
  },
}
