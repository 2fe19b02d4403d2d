import type { EditorAction } from './action'

/** The settings dialog where API keys for the cloud providers are entered. */
export const openProviderKeysAction: EditorAction = {
  name: 'open-provider-keys',
  label: 'Provider keys',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('provider-keys'),
}
