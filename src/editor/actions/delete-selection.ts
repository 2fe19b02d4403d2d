import { hasGroupsOrNotes } from '../state/selection-slice'
import type { EditorAction } from './action'

export const deleteSelectionAction: EditorAction = {
  name: 'delete-selection',
  label: 'Delete',
  shortcuts: [{ key: 'Delete' }, { key: 'Backspace' }],
  isEnabled: (state) => state.selection.nodes.length > 0 || state.selection.links.length > 0 || hasGroupsOrNotes(state.selection),
  // A selected group goes without its nodes: its frame is taken away, as an ungroup.
  perform: ({ store }) => {
    const { selection, deleteItems } = store.getState()
    deleteItems(selection.nodes, selection.links, selection)
  },
}
