import type { EditorAction } from './action'

/** The pipeline's last runs under the canvas, each one openable. */
export const showRunHistoryAction: EditorAction = {
  name: 'show-run-history',
  label: 'Run history',
  shortcuts: [{ key: 'h', mod: true, shift: true }],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().toggleDock('runs'),
}
