import { editorActions } from '../actions'
import type { EditorAction } from '../actions/action'
import { describeShortcut } from '../actions/shortcut'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { Modal } from './Modal'

/**
 * Every action and its keys, made from the action definitions the keyboard uses, so the sheet
 * cannot drift from what the keys do. A row is also a button: a click does the action.
 */
export function ShortcutsDialog() {
  const close = useEditorStore((state) => state.closeDialog)
  return (
    <Modal title="Keyboard shortcuts" onClose={close}>
      <ul className="shortcuts">
        {editorActions.map((action) => (
          <ShortcutRow key={action.name} action={action} onDone={close} />
        ))}
      </ul>
    </Modal>
  )
}

function ShortcutRow({ action, onDone }: { action: EditorAction; onDone(): void }) {
  const editor = useEditorContext()
  const enabled = useEditorStore(action.isEnabled)
  return (
    <li className="shortcuts__row" data-action={action.name}>
      <button
        type="button"
        className="shortcuts__action button--quiet"
        disabled={!enabled}
        onClick={() => {
          onDone()
          action.perform(editor)
        }}
      >
        {action.label}
      </button>
      <span className="shortcuts__keys">
        {action.shortcuts.map((shortcut, i) => (
          <kbd key={i}>{describeShortcut(shortcut)}</kbd>
        ))}
      </span>
    </li>
  )
}
