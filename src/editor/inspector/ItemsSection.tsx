import { useId, useState } from 'react'
import type { AnyNodeDefinition } from '../../engine'
import { useEditorStore } from '../state/use-editor-store'
import { ValueView } from '../canvas/ValueView'

/**
 * For a node that ran per item: its items as a list with where each stands, and one item's result
 * at a time, chosen by its key (README, "Lists").
 */
export function ItemsSection({ nodeId, definition }: { nodeId: string; definition: AnyNodeDefinition }) {
  const items = useEditorStore((state) => state.nodeRuns[nodeId]?.items)
  const [chosenKey, setChosenKey] = useState<string | undefined>(undefined)
  const chooserId = useId()
  if (!items || items.length === 0) return null
  const chosen = items.find((item) => item.key === chosenKey) ?? items[0]
  const firstOutput = Object.keys(definition.outputs)[0]
  const value = firstOutput === undefined ? undefined : chosen?.outputs?.[firstOutput]
  const counts = new Map<string, number>()
  for (const item of items) counts.set(item.status, (counts.get(item.status) ?? 0) + 1)
  return (
    <section className="inspector__items" aria-label="Items">
      <h3>
        Runs per item ×{items.length}
      </h3>
      <p className="inspector__hint">{[...counts].map(([status, count]) => `${count} ${status === 'error' ? 'failed' : status}`).join(', ')}</p>
      <label htmlFor={chooserId}>Item</label>
      <select id={chooserId} value={chosen?.key} onChange={(event) => setChosenKey(event.target.value)}>
        {items.map((item) => (
          <option key={item.key} value={item.key}>
            {item.key} · {item.status === 'error' ? 'failed' : item.status}
          </option>
        ))}
      </select>
      {chosen?.message && <p className={`node__message node__message--${chosen.status}`}>{chosen.message}</p>}
      {value !== undefined && (
        <div className="node__result">
          <ValueView value={value} />
        </div>
      )}
    </section>
  )
}
