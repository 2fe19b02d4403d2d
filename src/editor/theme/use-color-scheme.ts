import { useSyncExternalStore } from 'react'
import type { ThemeChoice } from '../../storage'
import { useEditorStore } from '../state/use-editor-store'

export type ColorScheme = 'light' | 'dark'

const lightQuery = '(prefers-color-scheme: light)'

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(lightQuery)
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}

/** The system's colour scheme, as `prefers-color-scheme` says it; dark when it says nothing. */
export function systemColorScheme(): ColorScheme {
  return window.matchMedia(lightQuery).matches ? 'light' : 'dark'
}

/** The scheme a theme choice shows now. */
export function schemeOf(theme: ThemeChoice): ColorScheme {
  return theme === 'system' ? systemColorScheme() : theme
}

/** The colour scheme the editor shows: the person's choice, or the system's, following it as it changes. */
export function useColorScheme(): ColorScheme {
  const theme = useEditorStore((state) => state.theme)
  const system = useSyncExternalStore(subscribe, systemColorScheme)
  return theme === 'system' ? system : theme
}
