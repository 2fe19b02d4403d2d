import type { EditorAction } from './action'

export const importAction: EditorAction = {
  name: 'import',
  label: 'Import',
  shortcuts: [{ key: 'o', mod: true }],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('import'),
}
