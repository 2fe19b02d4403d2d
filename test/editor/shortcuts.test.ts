import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { editorActions } from '../../src/editor/actions'
import type { Shortcut } from '../../src/editor/actions/action'
import { matchesShortcut } from '../../src/editor/actions/shortcut'

/** A shortcut as the README writes it: `Ctrl+Shift+Enter`, `Escape`, `?`. */
function written(shortcut: Shortcut): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key
  return [shortcut.mod ? 'Ctrl' : '', shortcut.shift ? 'Shift' : '', key].filter(Boolean).join('+')
}

/** The first column of the README's shortcuts table, one row per action. */
function readmeShortcutRows(): string[] {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Keyboard shortcuts'))
  const table = section.slice(0, section.indexOf('\n## '))
  return table
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| keys'))
    .map((line) => line.split('|')[1]?.trim() ?? '')
}

function keydown(init: KeyboardEventInit): KeyboardEvent {
  return { key: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...init } as KeyboardEvent
}

describe('the keyboard shortcuts', () => {
  it('are listed in the README exactly as the actions define them', () => {
    expect(readmeShortcutRows()).toEqual(editorActions.map((action) => action.shortcuts.map(written).join(' / ')))
  })

  it('give each key to one action only', () => {
    const keys = editorActions.flatMap((action) => action.shortcuts.map(written))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('tell undo from redo by Shift, and take `?` however the layout types it', () => {
    const undo = editorActions.find((action) => action.name === 'undo')?.shortcuts[0]
    const help = editorActions.find((action) => action.name === 'show-shortcuts')?.shortcuts[0]
    if (!undo || !help) throw new Error('undo or the help sheet has no shortcut')
    expect(matchesShortcut(undo, keydown({ key: 'z', ctrlKey: true }))).toBe(true)
    expect(matchesShortcut(undo, keydown({ key: 'Z', ctrlKey: true, shiftKey: true }))).toBe(false)
    expect(matchesShortcut(help, keydown({ key: '?', shiftKey: true }))).toBe(true)
    expect(matchesShortcut(help, keydown({ key: '?' }))).toBe(true)
    expect(matchesShortcut(help, keydown({ key: '?', ctrlKey: true }))).toBe(false)
  })
})
