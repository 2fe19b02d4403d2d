import type { ReactNode } from 'react'
import { useEditorStore } from '../state/use-editor-store'
import { useEditorContext } from '../state/use-editor-context'
import type { EditorAction } from './action'
import { describeShortcut } from './shortcut'

/**
 * A button for an action: its label is the accessible name, its shortcut is in the tooltip. A
 * compact face (`children`, a glyph) shows in place of the label where room is short.
 */
export function ActionButton({ action, className, children }: { action: EditorAction; className?: string; children?: ReactNode }) {
  const editor = useEditorContext()
  const enabled = useEditorStore(action.isEnabled)
  const shortcut = action.shortcuts[0]
  return (
    <button
      type="button"
      className={className}
      disabled={!enabled}
      title={shortcut ? `${action.label} (${describeShortcut(shortcut)})` : action.label}
      onClick={() => action.perform(editor)}
      {...(children ? { 'aria-label': action.label } : {})}
    >
      {children ?? action.label}
    </button>
  )
}
