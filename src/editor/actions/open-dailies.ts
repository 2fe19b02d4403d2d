import type { EditorAction } from './action'

/** Every shot's takes in one view under the canvas, to review and choose from (the Dailies). */
export const openDailiesAction: EditorAction = {
  name: 'open-dailies',
  label: 'Dailies',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store }) => {
    const state = store.getState()
    if (state.dock !== 'dailies') state.toggleDock('dailies')
  },
}
