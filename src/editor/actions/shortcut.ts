import type { Shortcut } from './action'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

export function matchesShortcut(shortcut: Shortcut, event: KeyboardEvent): boolean {
  const mod = isMac ? event.metaKey : event.ctrlKey
  return (
    event.key.toLowerCase() === shortcut.key.toLowerCase() &&
    mod === (shortcut.mod ?? false) &&
    (isSymbol(shortcut.key) || event.shiftKey === (shortcut.shift ?? false)) &&
    !event.altKey
  )
}

/** A key like `?`: whether Shift is needed to type it depends on the keyboard layout, so it is not asked. */
function isSymbol(key: string): boolean {
  return key.length === 1 && key.toLowerCase() === key.toUpperCase()
}

const keyNames: Record<string, string> = { Enter: '↵', Escape: 'Esc', Delete: 'Del', Backspace: '⌫' }

/** How the shortcut reads on this machine: "Ctrl+Shift+↵" or "⇧⌘↵". */
export function describeShortcut(shortcut: Shortcut): string {
  const key = keyNames[shortcut.key] ?? shortcut.key.toUpperCase()
  if (isMac) return `${shortcut.shift ? '⇧' : ''}${shortcut.mod ? '⌘' : ''}${key}`
  return [shortcut.mod ? 'Ctrl' : '', shortcut.shift ? 'Shift' : '', key].filter(Boolean).join('+')
}

/** The shortcut as `aria-keyshortcuts` writes it: "Control+Shift+E", "Meta+O". */
export function ariaKeyShortcut(shortcut: Shortcut): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key
  return [shortcut.mod ? (isMac ? 'Meta' : 'Control') : '', shortcut.shift ? 'Shift' : '', key].filter(Boolean).join('+')
}
