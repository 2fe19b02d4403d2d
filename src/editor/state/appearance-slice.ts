import type { ThemeChoice } from '../../storage'
import type { EditorServices, EditorSlice } from './editor-state'

/** How the editor looks: the theme the person chose, or the system's (`prefers-color-scheme`). */
export interface AppearanceSlice {
  theme: ThemeChoice
  /** Shows `theme` and remembers it in the settings; a failed write is shown in the banner. */
  chooseTheme(theme: ThemeChoice): void
  /** The theme stored in the settings, as the editor opens. */
  showTheme(theme: ThemeChoice): void
}

export function createAppearanceSlice(services: EditorServices): EditorSlice<AppearanceSlice> {
  return (set, get) => ({
    theme: 'system',

    chooseTheme(theme) {
      get().showTheme(theme)
      void services.storage.settings.update({ theme }).catch(get().reportProblem)
    },

    showTheme(theme) {
      set((state) => {
        state.theme = theme
      })
    },
  })
}
