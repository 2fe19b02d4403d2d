import type { EditorAction } from './action'

/** Shows the selected sequence's cut on a timeline under the canvas, or hides it. */
export const showTimelineAction: EditorAction = {
  name: 'show-timeline',
  label: 'Timeline',
  shortcuts: [{ key: 't' }],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().toggleDock('timeline'),
}
