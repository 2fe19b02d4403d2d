/**
 * JSON from outside (a share link, a paste, a file, a bundle's entries, the runner's document),
 * read with its nesting bounded. `JSON.parse` itself copes with any depth, but whatever walks the
 * value afterwards recursively does not: five thousand nested arrays in a 250-character link
 * overflowed the stack when the editor's store froze the document, and the app could not start.
 * No Reelgraph document, fragment or manifest comes near the bound; it is checked on the text,
 * before anything is built from it.
 */

/** Arrays and objects inside each other; a document's deepest real value (an asset's meta in a list param) is about ten. */
export const MAX_JSON_DEPTH = 64

export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'too deep' | 'not JSON'; message: string }

/** Parses `text` as JSON, refusing it (without parsing) when arrays and objects nest deeper than `maxDepth`. */
export function parseBoundedJson(text: string, maxDepth: number = MAX_JSON_DEPTH): BoundedJson {
  if (nestsDeeperThan(text, maxDepth)) {
    return {
      ok: false,
      reason: 'too deep',
      message: `it nests arrays and objects more than ${maxDepth} levels deep; nothing Reelgraph writes comes near that, so it was not read`,
    }
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    return { ok: false, reason: 'not JSON', message: `not valid JSON: ${(error as Error).message}` }
  }
}

const OPEN_ARRAY = 0x5b
const OPEN_OBJECT = 0x7b
const CLOSE_ARRAY = 0x5d
const CLOSE_OBJECT = 0x7d
const QUOTE = 0x22
const BACKSLASH = 0x5c

/** One pass over the text counting brackets outside strings; malformed JSON is left for `JSON.parse` to name. */
function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === BACKSLASH) i++
      else if (code === QUOTE) inString = false
      continue
    }
    if (code === QUOTE) inString = true
    else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      depth++
      if (depth > maxDepth) return true
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) depth--
  }
  return false
}
