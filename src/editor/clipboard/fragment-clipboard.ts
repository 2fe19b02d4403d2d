import type { Position } from '../../graph'
import type { EditorContextValue } from '../state/context'
import { fragmentOf, parseFragment, serializeFragment } from '../state/fragment'
import { readClipboardText, writeClipboardText } from './clipboard-text'

/** Puts the selected nodes, with the links between them, on the clipboard as a fragment. */
export async function copySelection({ store }: EditorContextValue): Promise<void> {
  const { doc, selection } = store.getState()
  const fragment = fragmentOf(doc, selection.nodes, selection)
  if (fragment.nodes.length === 0 && !fragment.notes && !fragment.groups) return
  await writeClipboardText(serializeFragment(fragment))
}

/** Pastes what the clipboard holds, through the clipboard API (a button, a menu). */
export async function pasteFromClipboard(editor: EditorContextValue): Promise<void> {
  pasteText(editor, await readClipboardText())
}

/**
 * Pastes copied nodes from clipboard text, at `at` (the pointer) or beside the originals; anything
 * else is refused with a message and changes nothing.
 */
export function pasteText({ store }: EditorContextValue, text: string, at?: Position): void {
  const parsed = parseFragment(text)
  if (!parsed.ok) {
    store.getState().say(text.trim() === '' ? 'The clipboard is empty: copy some nodes first.' : parsed.message)
    return
  }
  store.getState().pasteFragment(parsed.fragment, at)
}
