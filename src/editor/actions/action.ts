import type { EditorContextValue } from '../state/context'
import type { EditorState } from '../state/editor-state'

/** A key combination. `mod` is Ctrl, or ⌘ on a Mac. */
export interface Shortcut {
  key: string
  mod?: boolean
  shift?: boolean
}

/**
 * One thing the person can do, defined once: the keyboard, the buttons and the menus all use it.
 */
export interface EditorAction {
  name: string
  /** What the button says; also its accessible name. */
  label: string
  shortcuts: Shortcut[]
  /** Shortcuts without a modifier stay quiet while typing in a field; these fire there too. */
  worksWhileTyping?: boolean
  /**
   * The browser turns the shortcut into an event of its own (Ctrl+V into `paste`, which carries the
   * clipboard without a permission prompt): the keyboard leaves the key alone and that event acts.
   */
  leavesKeyToBrowser?: boolean
  isEnabled(state: EditorState): boolean
  perform(editor: EditorContextValue): void
}
