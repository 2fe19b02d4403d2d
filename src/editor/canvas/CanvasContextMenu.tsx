import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { EditorAction } from '../actions/action'
import { ariaKeyShortcut, describeShortcut } from '../actions/shortcut'
import type { Position } from '../../graph'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import type { EditorState } from '../state/editor-state'

/** One line of a context menu: an action of the editor, or something done at the menu's spot. */
export interface MenuItem {
  name: string
  label: string
  action?: EditorAction
  /** For an item that is not an action: what it does, and whether it can now. */
  perform?: () => void
  isEnabled?: (state: EditorState) => boolean
}

/** Where a menu opened: on the screen (to draw it) and on the canvas (to put things there). */
export interface MenuSpot {
  /** Relative to the canvas's top-left corner, in pixels. */
  screen: Position
  flow: Position
}

/**
 * The right-click menu of a node, a link or empty canvas. It takes the focus when it opens; the arrow
 * keys, Home and End move through its items, Enter does one, Escape closes it and gives the focus
 * back, a click elsewhere closes it.
 */
export function CanvasContextMenu({ label, items, at, onClose }: { label: string; items: readonly MenuItem[]; at: Position; onClose(refocus: boolean): void }) {
  const menuRef = useRef<HTMLDivElement>(null)
  const [placed, setPlaced] = useState(at)
  // Near the canvas's right or bottom edge the menu opens to the left of or above the spot, whole.
  useLayoutEffect(() => {
    const menu = menuRef.current
    const room = menu?.offsetParent
    if (!menu || !(room instanceof HTMLElement)) return
    setPlaced({
      x: at.x + menu.offsetWidth > room.clientWidth ? Math.max(0, at.x - menu.offsetWidth) : at.x,
      y: at.y + menu.offsetHeight > room.clientHeight ? Math.max(0, room.clientHeight - menu.offsetHeight) : at.y,
    })
  }, [at])
  useEffect(() => {
    enabledItems(menuRef.current)[0]?.focus()
    const onPointerDown = (event: PointerEvent) => {
      if (!(event.target instanceof Node && menuRef.current?.contains(event.target))) onClose(false)
    }
    document.addEventListener('pointerdown', onPointerDown, true)
    return () => document.removeEventListener('pointerdown', onPointerDown, true)
  }, [onClose])

  const onKeyDown = (event: KeyboardEvent) => {
    const list = enabledItems(menuRef.current)
    const current = list.findIndex((item) => item === document.activeElement)
    const next = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: list.length - 1 }[event.key]
    // The editor's shortcuts stay out of an open menu (see use-action-shortcuts.ts).
    event.stopPropagation()
    if (next !== undefined) {
      event.preventDefault()
      list[(next + list.length) % list.length]?.focus()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      onClose(true)
    } else if (event.key === 'Tab') {
      event.preventDefault()
      onClose(true)
    }
  }

  return (
    <div
      ref={menuRef}
      className="context-menu"
      role="menu"
      aria-label={label}
      style={{ left: placed.x, top: placed.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item) => (
        <ContextMenuItem key={item.name} item={item} onDone={() => onClose(true)} />
      ))}
    </div>
  )
}

function enabledItems(menu: HTMLElement | null): HTMLButtonElement[] {
  return [...(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [])]
}

function ContextMenuItem({ item, onDone }: { item: MenuItem; onDone(): void }) {
  const editor = useEditorContext()
  const enabled = useEditorStore((state) => (item.action ? item.action.isEnabled(state) : (item.isEnabled?.(state) ?? true)))
  const shortcut = item.action?.shortcuts[0]
  return (
    <button
      type="button"
      role="menuitem"
      className="context-menu__item"
      disabled={!enabled}
      tabIndex={-1}
      aria-keyshortcuts={shortcut ? ariaKeyShortcut(shortcut) : undefined}
      onClick={() => {
        onDone()
        if (item.action) item.action.perform(editor)
        else item.perform?.()
      }}
    >
      <span>{item.label}</span>
      {shortcut && (
        <kbd className="context-menu__keys" aria-hidden="true">
          {describeShortcut(shortcut)}
        </kbd>
      )}
    </button>
  )
}
