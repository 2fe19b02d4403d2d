import { useEffect } from 'react'
import { useColorScheme } from './use-color-scheme'

/** Puts the colour scheme on <html> (`data-theme`), where theme.css picks its palette. */
export function useThemeOnPage(): void {
  const scheme = useColorScheme()
  useEffect(() => {
    document.documentElement.dataset.theme = scheme
  }, [scheme])
}
