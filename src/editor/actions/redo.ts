import type { EditorAction } from './action'

/** Makes an undone change again. */
export const redoAction: EditorAction = {
  name: 'redo',
  label: 'Redo',
  shortcuts: [
    { key: 'z', mod: true, shift: true },
    { key: 'y', mod: true },
  ],
  isEnabled: (state) => state.history.redoable > 0,
  perform: ({ store }) => store.getState().redo(),
}
