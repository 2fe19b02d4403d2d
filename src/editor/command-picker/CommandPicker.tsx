import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import './command-picker.css'

/** One thing to pick: a node to add or go to, an action, a port to link to. */
export interface Command {
  id: string
  label: string
  /** Said after the label, dimmer: a category, a port, what it replaces. */
  detail?: string
  /** Keys that do the same from anywhere, as they read on this machine. */
  keys?: readonly string[]
  disabled?: boolean
  pick(): void
}

export interface CommandSection {
  name: string
  commands: readonly Command[]
}

interface CommandPickerProps {
  /** The search field's accessible name. */
  label: string
  placeholder: string
  /** The sections that match what is typed, in the order they show. */
  sectionsFor(query: string): readonly CommandSection[]
  /** Said when nothing matches. */
  emptyMessage(query: string): string
}

/**
 * A search field over a list, worked from the keyboard (a combobox with its listbox): typing
 * narrows, the arrow keys move, Enter picks; the focus stays in the field. A click picks too.
 */
export function CommandPicker({ label, placeholder, sectionsFor, emptyMessage }: CommandPickerProps) {
  const [query, setQuery] = useState('')
  const [activeIndex, setActiveIndex] = useState(0)
  const inputRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const listId = useId()
  const sections = useMemo(() => sectionsFor(query).filter((section) => section.commands.length > 0), [sectionsFor, query])
  const commands = useMemo(() => sections.flatMap((section) => section.commands), [sections])
  const active = commands[Math.min(activeIndex, commands.length - 1)]
  const optionId = (command: Command) => `${listId}-${command.id}`

  useEffect(() => inputRef.current?.focus(), [])
  useEffect(() => {
    if (!active) return
    listRef.current?.querySelector(`[id="${CSS.escape(optionId(active))}"]`)?.scrollIntoView({ block: 'nearest' })
  })

  const pick = (command: Command | undefined) => {
    if (command && !command.disabled) command.pick()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key]
    if (move !== undefined && commands.length > 0) {
      event.preventDefault()
      const from = active ? commands.indexOf(active) : -1
      setActiveIndex((from + move + commands.length) % commands.length)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      pick(active)
    }
  }

  return (
    <div className="command-picker">
      <input
        ref={inputRef}
        className="command-picker__search"
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active ? optionId(active) : undefined}
        placeholder={placeholder}
        value={query}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setQuery(event.target.value)
          setActiveIndex(0)
        }}
        onKeyDown={onKeyDown}
      />
      <div ref={listRef} id={listId} className="command-picker__list" role="listbox" aria-label={label}>
        {sections.map((section) => (
          <div key={section.name} role="group" aria-label={section.name} className="command-picker__section">
            <div className="command-picker__heading" aria-hidden="true">
              {section.name}
            </div>
            {section.commands.map((command) => (
              <div
                key={command.id}
                id={optionId(command)}
                role="option"
                className="command-picker__option"
                aria-selected={command === active}
                aria-disabled={command.disabled || undefined}
                // The focus stays in the field, so the keys keep working after a click elsewhere in the list.
                onMouseDown={(event) => event.preventDefault()}
                onMouseMove={() => setActiveIndex(commands.indexOf(command))}
                onClick={() => pick(command)}
              >
                <span className="command-picker__label">{command.label}</span>
                {command.detail && <span className="command-picker__detail">{command.detail}</span>}
                {command.keys && command.keys.length > 0 && (
                  <span className="command-picker__keys">
                    {command.keys.map((key) => (
                      <kbd key={key}>{key}</kbd>
                    ))}
                  </span>
                )}
              </div>
            ))}
          </div>
        ))}
      </div>
      {commands.length === 0 && (
        <p className="command-picker__empty" role="status">
          {emptyMessage(query)}
        </p>
      )}
    </div>
  )
}
