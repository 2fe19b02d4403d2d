import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { absentMedia, notHereMessage, sayingWhatIsNotHere } from '../../src/document/absent-media'
import type { AssetRef } from '../../src/engine'
import type { PipelineDoc } from '../../src/graph'
import { MissingAssetError, type Storage } from '../../src/storage'
import { freshStorage } from '../storage/fixtures'

const plate = { kind: 'image', hash: 'a1'.repeat(32), mime: 'image/jpeg', bytes: 5, meta: { name: 'plate.jpg' } }
const lut = { kind: 'lut', hash: 'b2'.repeat(32), mime: 'text/plain', bytes: 5, meta: {} }

/** A shared pipeline: two nodes hold the same plate, a grade holds a LUT, a component's inner node the plate too. */
const shared: PipelineDoc = {
  format: 'reelgraph',
  version: 2,
  id: 'shared',
  name: 'Shared',
  description: '',
  nodes: [
    { id: 'plate', type: 'image-input', typeVersion: 1, position: { x: 0, y: 0 }, params: { file: plate } },
    { id: 'again', type: 'image-input', typeVersion: 1, position: { x: 0, y: 200 }, params: { file: plate } },
    { id: 'warm', type: 'color-grade', typeVersion: 2, position: { x: 300, y: 0 }, params: { lut } },
    { id: 'shot', type: 'component:shot', typeVersion: 1, position: { x: 600, y: 0 }, params: {} },
  ],
  edges: [],
  components: [
    { id: 'shot', name: 'Shot', nodes: [{ id: 'inner', type: 'image-input', typeVersion: 1, position: { x: 0, y: 0 }, params: { file: plate } }], edges: [], inputs: [], outputs: [] },
  ],
}

/** A scene component holding a shot component whose inner input holds a sound: two levels down. */
const nested: PipelineDoc = {
  ...shared,
  nodes: [{ id: 'scene', type: 'component:scene', typeVersion: 1, position: { x: 0, y: 0 }, params: {} }],
  components: [
    { id: 'scene', name: 'Scene', nodes: [{ id: 'shot', type: 'component:shot', typeVersion: 1, position: { x: 0, y: 0 }, params: {} }], edges: [], inputs: [], outputs: [] },
    { id: 'shot', name: 'Shot', nodes: [{ id: 'line', type: 'audio-input', typeVersion: 1, position: { x: 0, y: 0 }, params: { file: plate } }], edges: [], inputs: [], outputs: [] },
  ],
}

describe('the media a pipeline came without', () => {
  let storage: Storage
  afterEach(() => storage.close())

  it('names each file once with every node that holds it, and drops it once it is stored', async () => {
    storage = freshStorage()
    const has = (hash: string) => storage.assets.has(hash)
    expect(await absentMedia(shared, has)).toEqual([
      { hash: plate.hash, name: 'plate.jpg', nodes: ['plate', 'again', 'shot'] },
      { hash: lut.hash, name: `lut ${lut.hash.slice(0, 12)}`, nodes: ['warm'] },
    ])

    const stored: string[] = []
    storage.assets.onStored((hash) => stored.push(hash))
    const cube = await storage.assets.put(new Blob(['LUT_3D_SIZE 2']), { kind: 'lut' })
    expect(stored).toEqual([cube.hash])
    const withStoredLut = { ...shared, nodes: shared.nodes.map((node) => (node.id === 'warm' ? { ...node, params: { lut: cube } } : node)) }
    expect((await absentMedia(withStoredLut, has)).map((file) => file.name)).toEqual(['plate.jpg'])
  })

  it('names a file held by a component nested in a component on the outer component node', async () => {
    storage = freshStorage()
    expect(await absentMedia(nested, (hash) => storage.assets.has(hash))).toEqual([{ hash: plate.hash, name: 'plate.jpg', nodes: ['scene'] }])
  })

  it('tells a run that reads a file the pipeline came without to bring it, and leaves a cached result’s missing media as it was', async () => {
    storage = freshStorage()
    const assets = sayingWhatIsNotHere(storage.assets, shared)
    await expect(assets.get(plate as AssetRef)).rejects.toThrow(notHereMessage({ name: 'plate.jpg' }))
    const take = { ...plate, kind: 'video', hash: 'c3'.repeat(32), meta: { name: 'take-1.mp4' } } as AssetRef
    await expect(assets.get(take)).rejects.toBeInstanceOf(MissingAssetError)
    const stored = await assets.put(new Blob(['frame']), { kind: 'image' })
    await expect(assets.get(stored).then((blob) => blob.text())).resolves.toBe('frame')
  })
})
