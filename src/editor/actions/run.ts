import type { EditorAction } from './action'

/** While a run is going, Run queues the next one (the run bar says so); it starts when that run ends. */
export const runAction: EditorAction = {
  name: 'run',
  label: 'Run',
  shortcuts: [{ key: 'Enter', mod: true }],
  worksWhileTyping: true,
  isEnabled: (state) => state.doc.nodes.length > 0,
  perform: ({ store }) => void store.getState().startRun(),
}
