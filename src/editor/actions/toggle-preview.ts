import type { EditorAction } from './action'

/** Shows the selected node's media large under the canvas, or hides it. */
export const togglePreviewAction: EditorAction = {
  name: 'toggle-preview',
  label: 'Preview',
  shortcuts: [{ key: 'v' }],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().toggleDock('preview'),
}
