import { matchesSearch } from '../palette/catalog'

/** What a search can find a thing by, strongest first. */
export interface Searchable {
  title: string
  /** Another name it goes by as strongly: a node's type title beside its label. */
  alsoTitled?: string
  /** The node type or action name. */
  key: string
  /** The words people use for it (see synonyms.ts). */
  synonyms?: readonly string[]
  /** Weaker texts: a category, a description, an id. */
  more?: readonly (string | undefined)[]
}

/**
 * How well `query` names `thing`: 0 is its exact title, then a title it starts, a title with every
 * word, a word people use for it (see synonyms.ts), anything else it says; undefined when it does
 * not match. An empty query matches everything equally.
 */
export function searchRank(query: string, thing: Searchable): number | undefined {
  const typed = query.trim().toLowerCase().replace(/\s+/g, ' ')
  if (typed === '') return 0
  const byTitle = [thing.title, thing.alsoTitled].flatMap((title) => (title === undefined ? [] : [titleRank(typed, title)]))
  const best = Math.min(...byTitle.filter((rank): rank is number => rank !== undefined))
  if (Number.isFinite(best)) return best
  const words = thing.synonyms ?? []
  if (words.some((word) => word === typed)) return 3
  if (words.some((word) => word.startsWith(typed) || matchesSearch(typed, [word]))) return 4
  if (matchesSearch(typed, [thing.title, thing.key, ...words, ...(thing.more ?? [])])) return 5
  return undefined
}

function titleRank(typed: string, title: string): number | undefined {
  const lower = title.toLowerCase()
  if (lower === typed) return 0
  if (lower.startsWith(typed)) return 1
  if (matchesSearch(typed, [title])) return 2
  return undefined
}

/** The things `query` matches, best first; equally good ones keep their order. */
export function rankedMatches<T>(query: string, things: readonly T[], searchable: (thing: T) => Searchable): { thing: T; rank: number }[] {
  return things
    .map((thing) => ({ thing, rank: searchRank(query, searchable(thing)) }))
    .filter((match): match is { thing: T; rank: number } => match.rank !== undefined)
    .sort((a, b) => a.rank - b.rank)
}
