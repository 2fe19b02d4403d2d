import type { EditorAction } from './action'

/** Frames the selected nodes as a group (a scene, a shot), which then moves them together. */
export const groupSelectionAction: EditorAction = {
  name: 'group-selection',
  label: 'Group',
  shortcuts: [{ key: 'g', mod: true }],
  isEnabled: (state) => state.selection.nodes.length > 0,
  perform: ({ store }) => {
    const { selection, groupNodes } = store.getState()
    groupNodes(selection.nodes)
  },
}
