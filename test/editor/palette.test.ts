import { describe, expect, it } from 'vitest'
import { matchesSearch, paletteCategories } from '../../src/editor/palette/catalog'
import { registry } from '../engine/shipped-registry'

function titles(search: string): Record<string, string[]> {
  return Object.fromEntries(paletteCategories(registry.list(), search).map((category) => [category.name, category.definitions.map((d) => d.title)]))
}

describe('the palette', () => {
  it('lists every node type by category, in the order a film is made', () => {
    const all = titles('')
    expect(Object.keys(all)).toEqual(['Inputs', 'Pre-production', 'Generation', 'Post', 'Edit', 'Sound', 'Outputs'])
    expect(all.Inputs).toEqual(expect.arrayContaining(['Image', 'Text']))
  })

  it('finds node types by any word of their title, type, category or description', () => {
    expect(titles('saturation')).toEqual({ Post: ['Adjust image'] })
    expect(titles('image adjust')).toEqual({ Post: ['Adjust image'] })
    expect(titles('zebra quasar')).toEqual({})
  })
})

describe('the one search matcher', () => {
  it('finds every typed word, in any case and order, across the texts given', () => {
    expect(matchesSearch('GRADE first', ['First grade', 'Adjust image'])).toBe(true)
    expect(matchesSearch('grade slate', ['First grade', 'Adjust image'])).toBe(false)
    expect(matchesSearch('  ', ['anything'])).toBe(true)
    expect(matchesSearch('image', [undefined, 'Image'])).toBe(true)
  })
})
