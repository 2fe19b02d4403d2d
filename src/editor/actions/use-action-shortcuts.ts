import { useEffect } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import type { EditorAction } from './action'
import { matchesShortcut } from './shortcut'

/**
 * Performs an action when its shortcut is pressed anywhere in the page (not while a dialog is open,
 * the summary of a shared pipeline included, nor a plain key in a panel that keeps its own keys).
 * Listens before anything else does and keeps a handled key to itself: React Flow would otherwise
 * also read Ctrl+Enter on a focused node as a click that unselects it.
 */
export function useActionShortcuts(actions: readonly EditorAction[]): void {
  const editor = useEditorContext()
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = editor.store.getState()
      if (state.dialog !== null || state.sharedPipeline !== null || event.defaultPrevented) return
      // An open menu keeps its keys: Escape closes it rather than cancelling a run.
      if (event.target instanceof Element && event.target.closest('[role="menu"]')) return
      // A panel that plays media (the timeline's J/K/L, space, arrows) keeps its plain keys; Ctrl
      // shortcuts (undo, run) still act there.
      if (event.target instanceof Element && event.target.closest('[data-own-keys]') && !event.ctrlKey && !event.metaKey && !event.altKey) return
      const typing = isTypingTarget(event.target)
      // A view with keys of its own (the Dailies: arrows, Space, 1–5, N) keeps the plain keys; Ctrl ones still act.
      const ownKeys = event.target instanceof Element && event.target.closest('[data-own-keys]') !== null
      for (const action of actions) {
        const shortcut = action.shortcuts.find((candidate) => matchesShortcut(candidate, event))
        if (!shortcut) continue
        if (action.leavesKeyToBrowser) return
        if (typing && !action.worksWhileTyping) continue
        if (ownKeys && shortcut.mod !== true) continue
        if (!action.isEnabled(state)) continue
        event.preventDefault()
        event.stopPropagation()
        action.perform(editor)
        return
      }
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [actions, editor])
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button', 'file'].includes(target.type)
}
