import type { AnyNodeDefinition } from '../../engine'

export interface PaletteCategory {
  name: string
  definitions: AnyNodeDefinition[]
}

/**
 * The order a film is made in, after the inputs every pipeline starts from (at the top, under the
 * search field); categories not listed here follow, alphabetically.
 */
const craftOrder = ['Inputs', 'Pre-production', 'Generation', 'Post', 'Edit', 'Sound', 'Outputs']

/**
 * Whether every word of `search` is found in one of `texts`, in any case; an empty search finds
 * everything. The one matcher of the palette and the search palette.
 */
export function matchesSearch(search: string, texts: readonly (string | undefined)[]): boolean {
  const text = texts.join(' ').toLowerCase()
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word))
}

/** The node types matching `search` (title, type, category or description), grouped by category. */
export function paletteCategories(definitions: readonly AnyNodeDefinition[], search: string): PaletteCategory[] {
  const matching = definitions.filter((definition) =>
    matchesSearch(search, [definition.title, definition.type, definition.category, definition.description]),
  )
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
