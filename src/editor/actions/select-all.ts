import type { EditorAction } from './action'

export const selectAllAction: EditorAction = {
  name: 'select-all',
  label: 'Select all',
  shortcuts: [{ key: 'a', mod: true }],
  isEnabled: (state) => state.doc.nodes.length > 0 || (state.doc.notes?.length ?? 0) > 0 || (state.doc.groups?.length ?? 0) > 0,
  perform: ({ store }) => store.getState().selectAll(),
}
