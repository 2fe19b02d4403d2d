import type { EditorAction } from './action'

/** Takes back the last change to the document (not a run, not the selection). */
export const undoAction: EditorAction = {
  name: 'undo',
  label: 'Undo',
  shortcuts: [{ key: 'z', mod: true }],
  isEnabled: (state) => state.history.undoable > 0,
  perform: ({ store }) => store.getState().undo(),
}
