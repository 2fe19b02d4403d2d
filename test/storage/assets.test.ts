import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { hashBytes } from '../../src/engine'
import { MissingAssetError, type Storage } from '../../src/storage'
import { clip, freshStorage, putClip } from './fixtures'

describe('AssetStore', () => {
  let storage: Storage
  afterEach(() => storage.close())

  it('stores the same bytes once, by content hash, and returns the same reference', async () => {
    storage = freshStorage()
    const first = await storage.assets.put(clip(64, 1), { kind: 'video', meta: { durationS: 2 } })
    const second = await storage.assets.put(clip(64, 1), { kind: 'video', meta: { durationS: 2 } })
    await storage.assets.put(clip(64, 2), { kind: 'video' })

    expect(second).toEqual(first)
    expect(first.hash).toBe(await hashBytes(clip(64, 1)))
    expect(first).toMatchObject({ kind: 'video', mime: 'video/mp4', bytes: 64, meta: { durationS: 2 } })
    expect(await storage.db.assets.count()).toBe(2)
  })

  it('gives back the bytes by reference or by hash, with the mime type it was stored under', async () => {
    storage = freshStorage()
    const ref = await storage.assets.put(new Blob(['frame data']), { kind: 'image', mime: 'image/png' })

    const byRef = await storage.assets.get(ref)
    const byHash = await storage.assets.get(ref.hash)
    expect(await byRef.text()).toBe('frame data')
    expect(await byHash.text()).toBe('frame data')
    expect(byRef.type).toBe('image/png')
    expect(await storage.assets.has(ref.hash)).toBe(true)
  })

  it('says clearly when an asset is missing', async () => {
    storage = freshStorage()
    const missing = 'ab'.repeat(32)

    expect(await storage.assets.has(missing)).toBe(false)
    const failure = storage.assets.get(missing)
    await expect(failure).rejects.toBeInstanceOf(MissingAssetError)
    await expect(failure).rejects.toThrow(
      'Asset abababababab… is not in the store (it may have been evicted); re-run the node that made it.',
    )
  })

  it('pins on put, keeps a pin when the same bytes come again unpinned, and unpins', async () => {
    storage = freshStorage()
    const ref = await putClip(storage, 32, 1, true)
    await putClip(storage, 32, 1)
    expect((await storage.db.assets.get(ref.hash))?.pinned).toBe(1)

    await storage.assets.unpin(ref.hash)
    expect((await storage.db.assets.get(ref.hash))?.pinned).toBe(0)
    await storage.assets.pin(ref.hash)
    expect((await storage.db.assets.get(ref.hash))?.pinned).toBe(1)
    await expect(storage.assets.pin('cd'.repeat(32))).rejects.toBeInstanceOf(MissingAssetError)
  })

  it('gives the file made from bytes of an on-demand type, and the bytes themselves when asked for them', async () => {
    storage = freshStorage()
    const made: string[] = []
    storage.assets.makeOnDemand({
      mime: 'application/x-recipe',
      make: async (stored, hash) => {
        made.push(hash)
        return new Blob([`rendered ${await stored.text()}`], { type: 'video/mp4' })
      },
    })
    const recipe = await storage.assets.put(new Blob(['grade then resize']), { kind: 'video', mime: 'application/x-recipe' })
    const plain = await storage.assets.put(new Blob(['a clip']), { kind: 'video', mime: 'video/mp4' })

    expect(await (await storage.assets.get(recipe)).text()).toBe('rendered grade then resize')
    expect(await (await storage.assets.get(recipe.hash)).text()).toBe('rendered grade then resize')
    expect(await (await storage.assets.getStored(recipe)).text()).toBe('grade then resize')
    expect(await (await storage.assets.get(plain)).text()).toBe('a clip')
    expect(made).toEqual([recipe.hash, recipe.hash])
  })
})
