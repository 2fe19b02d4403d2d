import type { EditorAction } from './action'

export const runAction: EditorAction = {
  name: 'run',
  label: 'Run',
  shortcuts: [{ key: 'Enter', mod: true }],
  worksWhileTyping: true,
  isEnabled: (state) => !state.currentRun.active && state.doc.nodes.length > 0,
  perform: ({ store }) => void store.getState().startRun(),
}
