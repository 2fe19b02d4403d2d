import type { EditorAction } from './action'

export const selectAllAction: EditorAction = {
  name: 'select-all',
  label: 'Select all',
  shortcuts: [{ key: 'a', mod: true }],
  isEnabled: (state) => state.levelDoc.nodes.length > 0 || (state.levelDoc.notes?.length ?? 0) > 0 || (state.levelDoc.groups?.length ?? 0) > 0,
  perform: ({ store }) => store.getState().selectAll(),
}
