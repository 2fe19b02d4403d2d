import type { EditorAction } from './action'

/** What the cache, takes and media use against the browser's quota, and what to keep or free. */
export const openStorageAction: EditorAction = {
  name: 'open-storage',
  label: 'Storage',
  shortcuts: [{ key: 's', mod: true, shift: true }],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('storage'),
}
