import type { EditorAction } from './action'

/** Opens the sheet of every action and its keys. */
export const showShortcutsAction: EditorAction = {
  name: 'show-shortcuts',
  label: 'Keyboard shortcuts',
  shortcuts: [{ key: '?' }],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('shortcuts'),
}
