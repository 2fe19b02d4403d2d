import { describe, expect, it } from 'vitest'
import { itemKeys, itemValueKey, type AssetRef, type Value } from '../../src/engine'

const clip = (digit: string): AssetRef => ({ kind: 'video', hash: digit.repeat(64), mime: 'video/mp4', bytes: 10, meta: {} })

describe('item keys', () => {
  it('are positions from 1 for items without an id of their own', () => {
    expect(itemKeys(['dawn', 'noon', 'dusk'])).toEqual(['1', '2', '3'])
  })

  it('are an asset’s content hash, and an `id` field where an item has one, whatever it is called', () => {
    const shots = [{ kind: 'prompt', text: 'a', fields: {}, id: '__proto__' }, { kind: 'prompt', text: 'b', fields: {}, id: 'constructor' }] as unknown as Value[]
    expect(itemKeys([clip('a'), clip('b')])).toEqual(['a'.repeat(64), 'b'.repeat(64)])
    expect(itemKeys(shots)).toEqual(['__proto__', 'constructor'])
  })

  it('keep each of two equal items apart', () => {
    expect(itemKeys([clip('a'), clip('a'), clip('a')])).toEqual(['a'.repeat(64), `${'a'.repeat(64)}~2`, `${'a'.repeat(64)}~3`])
  })

  it('key an item in the cache by what it is, the same wherever it stands in the list', () => {
    expect(itemValueKey('dusk')).toBe(itemValueKey('dusk'))
    expect(itemValueKey('dusk')).not.toBe(itemValueKey('dawn'))
    expect(itemValueKey({ kind: 'prompt', text: 'a', fields: { b: '1', a: '2' } })).toBe(itemValueKey({ kind: 'prompt', text: 'a', fields: { a: '2', b: '1' } }))
  })
})
