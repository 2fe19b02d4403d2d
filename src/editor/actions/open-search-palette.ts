import type { EditorAction } from './action'

/** The search palette: go to a node, add one, or do any action, from the keyboard. */
export const openSearchPaletteAction: EditorAction = {
  name: 'search-palette',
  label: 'Search',
  shortcuts: [{ key: 'k', mod: true }],
  worksWhileTyping: true,
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('search'),
}
