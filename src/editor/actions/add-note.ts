import type { EditorAction } from './action'

/** A sticky note under the pointer (or in the middle of the canvas), ready to type in. */
export const addNoteAction: EditorAction = {
  name: 'add-note',
  label: 'Add note',
  shortcuts: [{ key: 'n' }],
  isEnabled: () => true,
  perform: ({ store }) => {
    const { canvasSpots, addNote } = store.getState()
    addNote(canvasSpots?.pointer() ?? canvasSpots?.middle() ?? { x: 0, y: 0 })
  },
}
