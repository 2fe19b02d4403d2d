import { schemeOf } from '../theme/use-color-scheme'
import type { EditorAction } from './action'

/** Light or dark, remembered in the settings; until it is first used the system's choice holds. */
export const toggleThemeAction: EditorAction = {
  name: 'toggle-theme',
  label: 'Light or dark theme',
  shortcuts: [{ key: 'l', mod: true, shift: true }],
  isEnabled: () => true,
  perform: ({ store }) => {
    const { theme, chooseTheme } = store.getState()
    chooseTheme(schemeOf(theme) === 'dark' ? 'light' : 'dark')
  },
}
