import type { EditorAction } from './action'

export const selectAllAction: EditorAction = {
  name: 'select-all',
  label: 'Select all',
  shortcuts: [{ key: 'a', mod: true }],
  isEnabled: (state) => state.doc.nodes.length > 0,
  perform: ({ store }) => store.getState().selectAll(),
}
