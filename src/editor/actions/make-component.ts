import type { EditorAction } from './action'

/** Makes the selected nodes one component node: a sub-pipeline stored once, placed as often as wanted. */
export const makeComponentAction: EditorAction = {
  name: 'make-component',
  label: 'Make component',
  shortcuts: [{ key: 'm', mod: true, shift: true }],
  isEnabled: (state) => state.selection.nodes.length > 0,
  perform: ({ store }) => {
    const { selection, makeComponent } = store.getState()
    makeComponent(selection.nodes)
  },
}
