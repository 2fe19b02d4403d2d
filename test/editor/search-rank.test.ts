import { describe, expect, it } from 'vitest'
import { everyAction } from '../../src/editor/actions'
import { paletteCategories } from '../../src/editor/palette/catalog'
import { rankedMatches } from '../../src/editor/search-palette/rank'
import { actionSynonyms, nodeTypeSynonyms } from '../../src/editor/search-palette/synonyms'
import { registry } from '../engine/shipped-registry'

/** The node type the search palette offers first for `query`, as it ranks them. */
function firstNodeType(query: string): string | undefined {
  const definitions = paletteCategories(registry.list(), '').flatMap((category) => category.definitions)
  return rankedMatches(query, definitions, (definition) => ({
    title: definition.title,
    key: definition.type,
    synonyms: nodeTypeSynonyms[definition.type],
    more: [definition.category, definition.description],
  }))[0]?.thing.type
}

function firstAction(query: string): string | undefined {
  return rankedMatches(query, everyAction, (action) => ({ title: action.label, key: action.name, synonyms: actionSynonyms[action.name] }))[0]?.thing.label
}

describe('the search palette’s ranking', () => {
  it('puts an exact or starting title match before a match in a description', () => {
    expect(firstNodeType('trim')).toBe('trim')
    expect(firstNodeType('replace sound')).toBe('replace-audio')
    expect(firstNodeType('Clip s')).toBe('extract-audio')
    expect(firstNodeType('gener')).toMatch(/^generate-/)
  })

  it('ranks a node of the pipeline by its type’s title as strongly as by its label', () => {
    const nodes = [{ title: 'First grade', alsoTitled: 'Adjust image', key: 'image-adjust' }]
    expect(rankedMatches('adjust image', nodes, (node) => node)[0]?.rank).toBe(0)
    expect(rankedMatches('first', nodes, (node) => node)[0]?.rank).toBe(1)
  })

  it('knows the words filmmakers use for a node type', () => {
    expect(firstNodeType('4k')).toBe('upscale')
    expect(firstNodeType('lip sync')).toBe('speech')
    expect(firstNodeType('load image')).toBe('image-input')
    expect(firstNodeType('lut')).toBe('color-grade')
    expect(firstNodeType('render')).toBe('export')
  })

  it('reaches every action, by its label or the words people use', () => {
    expect(firstAction('new pipeline')).toBe('New pipeline')
    expect(firstAction('save as template')).toBe('Save as template…')
    expect(firstAction('load')).toBe('Import')
    expect(firstAction('render')).toBe('Run')
    expect(firstAction('dark mode')).toBe(everyAction.find((action) => action.name === 'toggle-theme')?.label)
  })

  it('names only node types and actions that exist', () => {
    const types = new Set(registry.list().map((definition) => definition.type))
    expect(Object.keys(nodeTypeSynonyms).filter((type) => !types.has(type))).toEqual([])
    const actions = new Set(everyAction.map((action) => action.name))
    expect(Object.keys(actionSynonyms).filter((name) => !actions.has(name))).toEqual([])
  })
})
