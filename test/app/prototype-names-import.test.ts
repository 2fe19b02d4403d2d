import { afterEach, describe, expect, it } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { parseFragment } from '../../src/editor/state/fragment'
import { readShareFragment, shareLinkFor } from '../../src/document/share'
import { loadPipeline } from '../../src/engine'
import { ownValue, serializePipeline } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { expectPrototypeUntouched, prototypeNames } from '../prototype-names'
import { freshStorage } from '../storage/fixtures'

const open: EditorStore[] = []

afterEach(() => {
  for (const store of open.splice(0)) store.close()
  expectPrototypeUntouched()
})

function editor(): EditorStore {
  const store = createEditorStore({ storage: freshStorage(), registry: fixtureRegistry() }, doc([node('start', 'number-source')]))
  open.push(store)
  return store
}

/** Params as a file has them: every prototype-named key an own key, `__proto__` included. */
const hostileParams = `{ "plus": 1, ${prototypeNames.map((name) => `"${name}": { "polluted": true }`).join(', ')} }`

/**
 * constructor → __proto__ → toString, with hostile params on each `add`, as document text; with
 * `badPort`, one more link into toString's input of that name, which no type has.
 */
function documentText(badPort?: string): string {
  const pipeline = doc(
    [node('constructor', 'number-source', { value: 1 }), node('__proto__', 'add', { plus: 1 }), node('toString', 'add', { plus: 1 })],
    [
      link('constructor.value', '__proto__.a', 'l1'),
      link('__proto__.sum', 'toString.a', 'l2'),
      ...(badPort === undefined ? [] : [link('constructor.value', `toString.${badPort}`, 'l3')]),
    ],
  )
  return serializePipeline(pipeline).replaceAll('"plus": 1', hostileParams.slice(2, -2))
}

describe('opening documents with ids and params named like Object.prototype members', () => {
  it('opens a file with a link into an input named like one, listing that link as the problem', () => {
    for (const port of prototypeNames) {
      const loaded = loadPipeline(documentText(port), fixtureRegistry())
      expect(loaded.ok, port).toBe(true)
      if (!loaded.ok) continue
      expect(loaded.issues).toEqual([{ nodeId: 'toString', edgeId: 'l3', path: 'edges[2].to.port', message: `"add" has no input named "${port}"` }])
      expect(loaded.doc.nodes.map((n) => n.id)).toEqual(['constructor', '__proto__', 'toString'])
      // A `__proto__` key is no param: reading the document leaves it out without touching any prototype.
      for (const n of loaded.doc.nodes) expect(Object.hasOwn(n.params, '__proto__')).toBe(false)
    }
  })

  it('imports it into the library with only the params the node types have, each dropped one listed', async () => {
    const store = editor()
    const outcome = await store.getState().importPipeline(documentText())
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    const imported = store.getState().doc
    expect(imported.nodes.map((n) => n.id)).toEqual(['constructor', '__proto__', 'toString'])
    for (const n of imported.nodes.slice(1)) expect(Object.keys(n.params)).toEqual(['plus'])
    const dropped = outcome.droppedParams.map((issue) => issue.path)
    for (const name of prototypeNames.filter((key) => key !== '__proto__')) {
      expect(dropped).toContain(`nodes[1].params.${name}`)
      expect(dropped).toContain(`nodes[2].params.${name}`)
    }
  })

  it('round-trips such a pipeline through a share link, its problem listed for the person to see', () => {
    const loaded = loadPipeline(documentText('constructor'), fixtureRegistry())
    if (!loaded.ok) throw new Error('the document did not open')
    const made = shareLinkFor(loaded.doc, 'http://localhost:5173/')
    if (!made.ok) throw new Error(made.message)
    const back = readShareFragment(new URL(made.url).hash, fixtureRegistry())
    expect(back?.ok && back.doc).toEqual(loaded.doc)
    expect(back?.issues.map((issue) => issue.path)).toEqual(['edges[2].to.port'])
  })

  it('pastes copied nodes with only the params their types have', () => {
    const store = editor()
    const fragment = `{ "format": "reelgraph-fragment", "version": 1, "edges": [], "nodes": [
      { "id": "constructor", "type": "add", "typeVersion": 1, "position": { "x": 0, "y": 0 }, "params": ${hostileParams.replace('"plus": 1', '"plus": 1, "apiKey": "sk-live-0"')} }
    ] }`
    const parsed = parseFragment(fragment)
    if (!parsed.ok) throw new Error(parsed.message)
    const [pasted = ''] = store.getState().pasteFragment(parsed.fragment)
    const params = store.getState().doc.nodes.find((n) => n.id === pasted)?.params ?? {}
    expect(Object.keys(params)).toEqual(['plus'])
    expect(ownValue(params, 'constructor')).toBeUndefined()
  })
})
