/*
 * One path opens every document: whichever way a pipeline reaches the editor (the library, an
 * import, a template, an older version), each node comes up to its type's version on the way in.
 * A type at version 2 here has a real migration: version 1 stored a linear `gain`, version 2 says
 * it in decibels.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { defineNode, NodeRegistry, port } from '../../src/engine'
import type { PipelineDoc } from '../../src/graph'
import { doc, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

const level = defineNode({
  type: 'level',
  version: 2,
  title: 'Level',
  category: 'Test',
  inputs: {},
  outputs: { value: port.number() },
  params: z.object({ gainDb: z.number().default(0) }),
  migrations: { 1: (params) => ({ gainDb: Math.round(20 * Math.log10(Number(params.gain ?? 1))) }) },
  async run({ params }) {
    return { value: params.gainDb }
  },
})

/** A pipeline saved before `level` reached version 2. */
function olderPipeline(id: string): PipelineDoc {
  return { ...doc([node('loud', 'level', { gain: 10 })]), id, name: `Older ${id}` }
}

const stores: EditorStore[] = []
afterEach(() => stores.splice(0).forEach((store) => store.close()))

function editor(storage = freshStorage()) {
  const store = createEditorStore({ storage, registry: new NodeRegistry([level]) }, doc([]))
  stores.push(store)
  return { store, storage }
}

const loud = (store: EditorStore) => store.getState().doc.nodes.find((each) => each.id === 'loud')

describe('opening an older document', () => {
  it('upgrades a pipeline opened from the library, and the autosave keeps it upgraded', async () => {
    const { store, storage } = editor()
    await storage.pipelines.create(olderPipeline('kept'))
    await store.getState().openPipeline('kept')
    expect(loud(store)).toMatchObject({ typeVersion: 2, params: { gainDb: 20 } })
    await store.getState().saveDocument()
    expect((await storage.pipelines.get('kept'))?.nodes[0]).toMatchObject({ typeVersion: 2, params: { gainDb: 20 } })
  })

  it('upgrades a document shown at start-up', () => {
    const { store } = editor()
    store.getState().showDocument(olderPipeline('start'))
    expect(loud(store)).toMatchObject({ typeVersion: 2, params: { gainDb: 20 } })
  })

  it('upgrades a template used as a new pipeline', async () => {
    const { store } = editor()
    const outcome = await store.getState().openTemplate(olderPipeline('template'))
    expect(outcome.ok).toBe(true)
    expect(loud(store)).toMatchObject({ typeVersion: 2, params: { gainDb: 20 } })
  })

  it('upgrades an older version restored from the history', () => {
    const { store } = editor()
    store.getState().showDocument({ ...doc([]), id: 'now', name: 'Now' })
    store.getState().restoreVersion(olderPipeline('now'))
    expect(loud(store)).toMatchObject({ typeVersion: 2, params: { gainDb: 20 } })
  })

  it('leaves a node it cannot upgrade as it was, and says so', () => {
    const { store } = editor()
    store.getState().showDocument({ ...doc([{ ...node('odd', 'level', { gain: 2 }), typeVersion: 0 }]), id: 'odd', name: 'Odd' })
    expect(store.getState().doc.nodes[0]).toMatchObject({ typeVersion: 0, params: { gain: 2 } })
    expect(store.getState().problem).toContain('"level" has no param migration from version 0')
  })
})

describe('opening an older document with a component', () => {
  it('upgrades the nodes inside a component’s definition too', () => {
    const { store } = editor()
    const older = olderPipeline('parts')
    store.getState().showDocument({
      ...older,
      nodes: [],
      components: [{ id: 'shot', name: 'Shot', nodes: older.nodes, edges: [], inputs: [], outputs: [] }],
    })
    expect(store.getState().doc.components?.[0]?.nodes[0]).toMatchObject({ typeVersion: 2, params: { gainDb: 20 } })
  })
})
