import type { EditorAction } from './action'

/** Saving the open pipeline as a template happens in the gallery, beside the templates it joins. */
export const saveAsTemplateAction: EditorAction = {
  name: 'save-as-template',
  label: 'Save as template…',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('templates'),
}
