import type { EditorAction } from './action'

/** The last run's log under the canvas: every node's lines with their time and level. */
export const showLogAction: EditorAction = {
  name: 'show-log',
  label: 'Log',
  shortcuts: [{ key: 'g', mod: true, shift: true }],
  isEnabled: () => true,
  perform: ({ store }) => {
    const state = store.getState()
    if (state.dock === 'log') state.closeDock()
    else state.showLog(null)
  },
}
