import type { AnyNodeDefinition } from '../../engine'

export interface PaletteCategory {
  name: string
  definitions: AnyNodeDefinition[]
}

/** The order a film is made in; categories not listed here follow, alphabetically. */
const craftOrder = ['Inputs', 'Prompt', 'Generate', 'Takes', 'Post', 'Sound', 'Edit', 'Outputs']

/** The node types matching `search` (title, type, category or description), grouped by category. */
export function paletteCategories(definitions: readonly AnyNodeDefinition[], search: string): PaletteCategory[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean)
  const matching = definitions.filter((definition) => {
    const text = [definition.title, definition.type, definition.category, definition.description ?? ''].join(' ').toLowerCase()
    return words.every((word) => text.includes(word))
  })
  const byCategory = new Map<string, AnyNodeDefinition[]>()
  for (const definition of matching) {
    const list = byCategory.get(definition.category)
    if (list) list.push(definition)
    else byCategory.set(definition.category, [definition])
  }
  return [...byCategory.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, list]) => ({ name, definitions: list.sort((a, b) => a.title.localeCompare(b.title)) }))
}

function rank(category: string): number {
  const index = craftOrder.indexOf(category)
  return index === -1 ? craftOrder.length : index
}
