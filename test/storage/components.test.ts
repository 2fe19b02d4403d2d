import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { componentInDocument, componentType, CURRENT_DOC_VERSION, type PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { freshStorage } from './fixtures'

function film(): PipelineDoc {
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: 'film',
    name: 'Film',
    description: '',
    nodes: [{ id: 'scene-1', type: componentType('scene'), typeVersion: 1, position: { x: 0, y: 0 }, params: {} }],
    edges: [],
    components: [
      { id: 'shot', name: 'Shot', nodes: [{ id: 'p', type: 'prompt', typeVersion: 1, position: { x: 0, y: 0 }, params: {} }], edges: [], inputs: [], outputs: [] },
      { id: 'scene', name: 'Scene', nodes: [{ id: 's', type: componentType('shot'), typeVersion: 1, position: { x: 0, y: 0 }, params: {} }], edges: [], inputs: [], outputs: [] },
      { id: 'titles', name: 'Titles', nodes: [], edges: [], inputs: [], outputs: [] },
    ],
  }
}

describe('ComponentLibrary', () => {
  let storage: Storage
  afterEach(() => storage.close())

  it('saves a component with the ones nested in it, lists it by name and gives it back as a one-node pipeline', async () => {
    storage = freshStorage()
    const id = await storage.components.save(film(), 'scene')
    await storage.components.save(film(), 'titles')
    expect((await storage.components.list()).map(({ name, nodeCount }) => ({ name, nodeCount }))).toEqual([
      { name: 'Scene', nodeCount: 2 },
      { name: 'Titles', nodeCount: 0 },
    ])
    const doc = await storage.components.get(id)
    const found = componentInDocument(doc)
    expect(found.ok && found.components.map((component) => component.id)).toEqual(['shot', 'scene'])
  })

  it('keeps one copy of a definition saved twice unchanged, and a new one once it changed', async () => {
    storage = freshStorage()
    const first = await storage.components.save(film(), 'shot')
    expect(await storage.components.save(film(), 'shot')).toBe(first)
    const changed = film()
    changed.components = changed.components?.map((component) => (component.id === 'shot' ? { ...component, name: 'Close-up' } : component))
    expect(await storage.components.save(changed, 'shot')).not.toBe(first)
    expect((await storage.components.list()).map((entry) => entry.name)).toEqual(['Close-up', 'Shot'])
  })

  it('refuses a component the pipeline does not have, and deletes what it was asked to', async () => {
    storage = freshStorage()
    await expect(storage.components.save(film(), 'nope')).rejects.toThrow('is not in “Film”')
    const id = await storage.components.save(film(), 'titles')
    await storage.components.delete(id)
    expect(await storage.components.list()).toEqual([])
    await expect(storage.components.get(id)).rejects.toThrow('no saved component')
  })

  it('says which saved component cannot be read when its stored document is damaged', async () => {
    storage = freshStorage()
    await storage.db.components.add({ id: 'bad', name: 'Broken', nodeCount: 0, savedAt: 1, doc: { format: 'reelgraph', version: CURRENT_DOC_VERSION, nodes: 'x' } })
    await expect(storage.components.get('bad')).rejects.toThrow('“Broken” cannot be read')
  })
})
