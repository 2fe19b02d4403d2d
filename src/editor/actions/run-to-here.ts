import { singleSelectedNode } from '../state/selection-slice'
import type { EditorAction } from './action'

/** Runs the selected node and what feeds it, and nothing downstream; while a run is going, queues that as the next run. */
export const runToHereAction: EditorAction = {
  name: 'run-to-here',
  label: 'Run to here',
  shortcuts: [{ key: 'Enter', mod: true, shift: true }],
  worksWhileTyping: true,
  isEnabled: (state) => singleSelectedNode(state.selection) !== undefined,
  perform: ({ store }) => {
    const target = singleSelectedNode(store.getState().selection)
    if (target !== undefined) void store.getState().startRun(target)
  },
}
