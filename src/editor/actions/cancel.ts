import type { EditorAction } from './action'

export const cancelAction: EditorAction = {
  name: 'cancel',
  label: 'Cancel',
  shortcuts: [{ key: 'Escape' }],
  worksWhileTyping: true,
  isEnabled: (state) => state.currentRun.active,
  perform: ({ store }) => store.getState().cancelRun(),
}
