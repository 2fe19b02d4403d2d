import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import type { EditorAction } from '../actions/action'
import { ariaKeyShortcut, describeShortcut } from '../actions/shortcut'

/**
 * A menu button for actions that need not take room in the bar: arrow keys move through the items,
 * Escape closes it and gives the focus back to the button, a click elsewhere closes it.
 */
export function ActionMenu({ label, actions }: { label: string; actions: readonly EditorAction[] }) {
  const [open, setOpen] = useState<'first' | 'last' | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const menuId = useId()

  const close = (refocus: boolean) => {
    setOpen(null)
    if (refocus) buttonRef.current?.focus()
  }

  useEffect(() => {
    if (!open) return
    const list = enabledItems(menuRef.current)
    ;(open === 'first' ? list[0] : list.at(-1))?.focus()
    const onPointerDown = (event: PointerEvent) => {
      const inside = event.target instanceof Node && (menuRef.current?.contains(event.target) || buttonRef.current?.contains(event.target))
      if (!inside) setOpen(null)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open])

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    event.preventDefault()
    setOpen(event.key === 'ArrowDown' ? 'first' : 'last')
  }
  const onMenuKeyDown = (event: KeyboardEvent) => {
    const list = enabledItems(menuRef.current)
    const at = list.findIndex((item) => item === document.activeElement)
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: list.length - 1 }[event.key]
    if (next !== undefined) {
      event.preventDefault()
      list[(next + list.length) % list.length]?.focus()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      close(true)
    } else if (event.key === 'Tab') {
      close(false)
    }
  }

  return (
    <div className="action-menu">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : setOpen('first'))}
        onKeyDown={onButtonKeyDown}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div ref={menuRef} id={menuId} className="action-menu__items" role="menu" aria-label={label} onKeyDown={onMenuKeyDown}>
          {actions.map((action) => (
            <ActionMenuItem key={action.name} action={action} onDone={() => close(true)} />
          ))}
        </div>
      )}
    </div>
  )
}

function enabledItems(menu: HTMLElement | null): HTMLButtonElement[] {
  return [...(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [])]
}

function ActionMenuItem({ action, onDone }: { action: EditorAction; onDone(): void }) {
  const editor = useEditorContext()
  const enabled = useEditorStore(action.isEnabled)
  const shortcut = action.shortcuts[0]
  return (
    <button
      type="button"
      role="menuitem"
      className="action-menu__item"
      disabled={!enabled}
      tabIndex={-1}
      aria-keyshortcuts={shortcut ? ariaKeyShortcut(shortcut) : undefined}
      onClick={() => {
        onDone()
        action.perform(editor)
      }}
    >
      <span>{action.label}</span>
      {shortcut && (
        <kbd className="action-menu__keys" aria-hidden="true">
          {describeShortcut(shortcut)}
        </kbd>
      )}
    </button>
  )
}
