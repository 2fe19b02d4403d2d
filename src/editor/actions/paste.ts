import { pasteFromClipboard } from '../clipboard/fragment-clipboard'
import type { EditorAction } from './action'

/**
 * Pastes copied nodes with fresh ids, offset from where they were copied, and selects them; an image
 * on the clipboard becomes an image node. Ctrl/⌘+V comes through the browser's paste event
 * (see use-clipboard-paste.ts); `perform` is for a click, through the clipboard API.
 */
export const pasteAction: EditorAction = {
  name: 'paste',
  label: 'Paste',
  shortcuts: [{ key: 'v', mod: true }],
  leavesKeyToBrowser: true,
  isEnabled: () => true,
  perform: (editor) => void pasteFromClipboard(editor),
}
