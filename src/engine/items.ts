import { canonicalJson } from './cache-key'
import { sha256Hex } from './sha256'
import { isAssetRef, type Value } from './values'

/**
 * The keys of a list's items: the item's own id where it has one (an asset's content hash, an `id`
 * field), else its position from 1. A key that repeats gets `~2`, `~3`… so each item keeps its own.
 */
export function itemKeys(list: readonly Value[]): string[] {
  const seen = new Map<string, number>()
  return list.map((item, index) => {
    const own = ownId(item) ?? String(index + 1)
    const count = (seen.get(own) ?? 0) + 1
    seen.set(own, count)
    return count === 1 ? own : `${own}~${count}`
  })
}

function ownId(item: Value): string | undefined {
  if (isAssetRef(item)) return item.hash
  if (typeof item === 'object' && !Array.isArray(item) && 'id' in item && typeof item.id === 'string' && item.id !== '') return item.id
  return undefined
}

/**
 * What an item stands for in the cache keys below it: its content, not its place, so inserting,
 * removing or reordering items leaves every other item's key as it was.
 */
export function itemValueKey(item: Value): string {
  return `item:${sha256Hex(canonicalJson(item))}`
}

/** An item's path (its key in each list, outermost first) as one map key. */
export function pathId(path: readonly string[]): string {
  return path.join('\u0000')
}

/** An item's path as people read it: `4`, or `4 / 2` for the second item of item 4's own list. */
export function itemLabel(path: readonly string[]): string {
  return path.join(' / ')
}
