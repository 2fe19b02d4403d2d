import type { ItemRun } from '../state/node-run'
import './item-strip.css'

/** The failed items named under the strip: a few, so a long list does not grow the node. */
const NAMED_FAILURES = 3

/**
 * A node that runs per item says so (`×12`) and shows a strip with one mark per item: queued,
 * running, cached, done, failed or skipped (README, "Lists"), dimmed when an edit put that item out of date. The failed ones are named with why.
 */
export function ItemStrip({ items }: { items: readonly ItemRun[] }) {
  const failed = items.filter((item) => item.status === 'error')
  return (
    <div className="item-strip" data-items={items.length}>
      <span className="item-strip__count" title={`Runs once per item: ${items.length} items`}>
        ×{items.length}
      </span>
      <ul className="item-strip__marks" aria-label="Items">
        {items.map((item) => (
          <li
            key={item.key}
            className={`item-strip__mark item-strip__mark--${item.status}${item.stale ? ' item-strip__mark--stale' : ''}`}
            data-item={item.key}
            data-status={item.status}
            data-stale={item.stale ? 'true' : undefined}
            aria-label={`Item ${item.key}: ${item.status === 'error' ? 'failed' : item.status}${item.stale ? ', out of date' : ''}`}
            title={`Item ${item.key}: ${item.message ?? item.status}${item.stale ? ' (out of date)' : ''}`}
          />
        ))}
      </ul>
      {failed.length > 0 && (
        <p className="item-strip__failed">
          Failed: {failed.slice(0, NAMED_FAILURES).map((item) => `item ${item.key}${item.message ? ` (${item.message})` : ''}`).join('; ')}
          {failed.length > NAMED_FAILURES && ` and ${failed.length - NAMED_FAILURES} more`}
        </p>
      )}
    </div>
  )
}
