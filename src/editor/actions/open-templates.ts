import type { EditorAction } from './action'

/** The templates gallery: the built-in templates, the person's own, and saving the open pipeline as one. */
export const openTemplatesAction: EditorAction = {
  name: 'open-templates',
  label: 'Templates',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('templates'),
}
