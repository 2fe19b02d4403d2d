import { useEditorContext } from '../state/use-editor-context'
import { toggleThemeAction } from '../actions/toggle-theme'
import { describeShortcut } from '../actions/shortcut'
import { useColorScheme } from './use-color-scheme'
import './theme-toggle.css'

/** A toggle button, pressed while the dark theme shows; the same action as its shortcut. */
export function ThemeToggle() {
  const editor = useEditorContext()
  const scheme = useColorScheme()
  const shortcut = toggleThemeAction.shortcuts[0]
  return (
    <button
      type="button"
      className="theme-toggle button--quiet"
      aria-pressed={scheme === 'dark'}
      aria-label={toggleThemeAction.label}
      title={shortcut ? `${toggleThemeAction.label} (${describeShortcut(shortcut)})` : toggleThemeAction.label}
      onClick={() => toggleThemeAction.perform(editor)}
    >
      {/* A moon beside the switch says which way is dark; the name is in the label and the tooltip. */}
      <span className="theme-toggle__track" aria-hidden="true" />
      <span aria-hidden="true">☾</span>
    </button>
  )
}
