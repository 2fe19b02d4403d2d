/**
 * The rows to mount for a list of equal rows scrolled to `top` in a view `height` tall: those in view
 * and `overscan` more on each side, as `[first, last)`.
 */
export function visibleRange(top: number, height: number, rowHeight: number, count: number, overscan: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan)
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan)
  return { first, last: Math.max(first, last) }
}
