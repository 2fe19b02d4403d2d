import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Outputs } from '../../src/engine'
import { LAST_USE_RESOLUTION_MS, openStorage, StorageFullError, type Storage } from '../../src/storage'
import { freshDatabaseName, freshStorage, putClip } from './fixtures'

const entry = (outputs: Outputs) => ({ outputs, nodeType: 'generate-take', durationMs: 1200 })

describe('ResultCache', () => {
  let storage: Storage
  afterEach(() => {
    storage.close()
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('keeps results when the database is closed and opened again', async () => {
    const name = freshDatabaseName()
    storage = openStorage(name)
    const take = await putClip(storage, 100, 1)
    await storage.results.put('key-take', entry({ video: take, caption: 'wide shot' }))
    storage.close()

    storage = openStorage(name)
    expect(await storage.results.getMany(['key-take'])).toEqual([{ video: take, caption: 'wide shot' }])
  })

  it('lands queued writes before closing', async () => {
    const name = freshDatabaseName()
    storage = openStorage(name)
    const saved = storage.results.put('key-take', entry({ caption: 'close-up' }))
    storage.close()
    await saved

    storage = openStorage(name)
    expect(await storage.results.getMany(['key-take'])).toEqual([{ caption: 'close-up' }])
  })

  it('counts a damaged row as not cached', async () => {
    storage = freshStorage()
    await storage.results.put('a', entry({ text: 'a' }))
    await storage.db.results.update('a', { outputs: { text: { kind: 'hologram' } } as unknown as Outputs })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})

    expect(await storage.results.getMany(['a'])).toEqual([undefined])
    expect(warn).toHaveBeenCalledOnce()
  })

  it('answers hits and misses in the order asked, with one read for all keys', async () => {
    storage = freshStorage()
    await storage.results.put('a', entry({ text: 'first' }))
    await storage.results.put('c', entry({ count: 3, list: ['x', 4] }))
    const bulkGet = vi.spyOn(storage.db.results, 'bulkGet')
    const get = vi.spyOn(storage.db.results, 'get')

    expect(await storage.results.getMany(['a', 'b', 'c', 'd'])).toEqual([
      { text: 'first' },
      undefined,
      { count: 3, list: ['x', 4] },
      undefined,
    ])
    expect(bulkGet).toHaveBeenCalledTimes(1)
    expect(get).not.toHaveBeenCalled()
  })

  it('counts a result whose asset is gone as a miss', async () => {
    storage = freshStorage()
    const kept = await putClip(storage, 10, 1)
    const lost = await putClip(storage, 10, 2)
    await storage.results.put('whole', entry({ video: kept }))
    await storage.results.put('broken', entry({ takes: [kept, lost] }))
    await storage.db.assets.delete(lost.hash)

    expect(await storage.results.getMany(['whole', 'broken'])).toEqual([{ video: kept }, undefined])
  })

  it('coalesces 500 puts arriving together into one transaction, and every one is readable', async () => {
    storage = freshStorage()
    const bulkPut = vi.spyOn(storage.db.results, 'bulkPut')
    const keys = Array.from({ length: 500 }, (_, i) => `key-${i}`)

    await Promise.all(keys.map((key, i) => storage.results.put(key, entry({ index: i }))))

    expect(bulkPut).toHaveBeenCalledTimes(1)
    expect(await storage.results.count()).toBe(500)
    const found = await storage.results.getMany(keys)
    expect(found.map((outputs) => outputs?.index)).toEqual(keys.map((_, i) => i))
  })

  it('lands the next batch of results while the cache budget is still being checked after the one before', async () => {
    storage = freshStorage()
    let checked = () => {}
    const check = vi.spyOn(storage.results.budget, 'check').mockImplementationOnce(() => new Promise<void>((resolve) => (checked = resolve)))
    await storage.results.put('first', entry({ text: 'first' }))

    // Lands with the check after the first batch still under way.
    await storage.results.put('second', entry({ text: 'second' }))
    expect(check).toHaveBeenCalledOnce()
    expect(await storage.db.results.get('second')).toMatchObject({ outputs: { text: 'second' } })

    checked()
    await storage.results.flush()
    expect(check).toHaveBeenCalledTimes(2)
  })

  it('stores the size, times and asset hashes of a result', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(1_000)
    storage = freshStorage()
    const take = await putClip(storage, 300, 1)
    const still = await putClip(storage, 20, 2)
    await storage.results.put('graded', entry({ video: take, stills: [still, take] }))

    const row = await storage.db.results.get('graded')
    expect(row).toMatchObject({ bytes: 320, createdAt: 1_000, lastUsed: 1_000, nodeType: 'generate-take' })
    expect(row?.assetHashes.sort()).toEqual([take.hash, still.hash].sort())
    expect(await storage.db.results.where('assetHashes').equals(still.hash).primaryKeys()).toEqual(['graded'])
  })

  it('keeps a character and a prompt with their reference images, and counts those images as the result’s', async () => {
    storage = freshStorage()
    const front = await putClip(storage, 30, 1)
    const profile = await putClip(storage, 40, 2)
    const character = { kind: 'character' as const, name: 'Mara', description: 'red coat', references: [front, profile] }
    const prompt = { kind: 'prompt' as const, text: 'Mara walks.', fields: { subject: 'Mara' }, references: [front] }
    await storage.results.put('cast', entry({ character, prompt }))

    expect(await storage.results.getMany(['cast'])).toEqual([{ character, prompt }])
    const row = await storage.db.results.get('cast')
    expect(row?.assetHashes.sort()).toEqual([front.hash, profile.hash].sort())
    expect(row?.bytes).toBe(70)
  })

  it('keeps a list of shots as they were stored, key moments included', async () => {
    storage = freshStorage()
    const shot = (id: string, keyMomentS?: number) => ({
      kind: 'shot' as const,
      id,
      scene: '1',
      subject: 'Mara',
      action: 'turns',
      environment: 'exterior, Ridge, dusk',
      camera: 'dolly in',
      lighting: '',
      mood: '',
      style: '',
      dialogue: 'Mara: There.',
      durationS: 6,
      ...(keyMomentS === undefined ? {} : { keyMomentS }),
      characters: ['Mara'],
      notes: '',
    })
    await storage.results.put('shots', entry({ shots: [shot('1A', 4.5), shot('1B')] }))
    expect(await storage.results.getMany(['shots'])).toEqual([{ shots: [shot('1A', 4.5), shot('1B')] }])
  })

  it('marks hits as used later, without making the caller wait', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(1_000)
    storage = freshStorage()
    await storage.results.put('a', entry({ text: 'a' }))
    const later = 1_000 + LAST_USE_RESOLUTION_MS
    vi.setSystemTime(later)

    await storage.results.getMany(['a'])
    expect((await storage.db.results.get('a'))?.lastUsed).toBe(1_000)
    await storage.results.flush()
    expect((await storage.db.results.get('a'))?.lastUsed).toBe(later)
  })

  it('does not write back a hit used again within the last-use resolution (a run repeated at once rewrites no row)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(1_000)
    storage = freshStorage()
    await storage.results.put('a', entry({ text: 'a' }))
    await storage.results.put('b', entry({ text: 'b' }))
    vi.setSystemTime(1_000 + LAST_USE_RESOLUTION_MS - 1)
    const writes = vi.spyOn(storage.db.results, 'bulkUpdate')

    expect(await storage.results.getMany(['a', 'b'])).toEqual([{ text: 'a' }, { text: 'b' }])
    await storage.results.flush()

    expect(writes).not.toHaveBeenCalled()
    expect((await storage.db.results.get('a'))?.lastUsed).toBe(1_000)
  })

  it('reads a result that is still queued', async () => {
    storage = freshStorage()
    const saved = storage.results.put('queued', entry({ text: 'soon' }))
    expect(await storage.results.getMany(['queued'])).toEqual([{ text: 'soon' }])
    await saved
  })

  it('deletes a result with the assets only it referred to', async () => {
    storage = freshStorage()
    const own = await putClip(storage, 10, 1)
    const shared = await putClip(storage, 10, 2)
    await storage.results.put('one', entry({ a: own, b: shared }))
    await storage.results.put('two', entry({ b: shared }))

    await storage.results.delete('one')

    expect(await storage.results.getMany(['one', 'two'])).toEqual([undefined, { b: shared }])
    expect(await storage.assets.has(own.hash)).toBe(false)
    expect(await storage.assets.has(shared.hash)).toBe(true)
  })

  it('keeps a pinned asset when the result that made it is deleted', async () => {
    storage = freshStorage()
    const chosenTake = await putClip(storage, 10, 1, true)
    await storage.results.put('chosen', entry({ video: chosenTake }))

    await storage.results.delete('chosen')

    expect(await storage.results.count()).toBe(0)
    expect(await storage.assets.has(chosenTake.hash)).toBe(true)
  })

  it('evicts every unpinned asset and the results that refer to one, keeping results whose media are all pinned', async () => {
    storage = freshStorage()
    const chosenTake = await putClip(storage, 10, 1, true)
    const otherTake = await putClip(storage, 20, 2)
    const stray = await putClip(storage, 30, 3)
    // Each take cached on its own, and the node's whole result listing both.
    await storage.results.put('take-1', entry({ video: chosenTake }))
    await storage.results.put('take-2', entry({ video: otherTake }))
    await storage.results.put('takes', entry({ takes: [chosenTake, otherTake] }))
    await storage.results.put('caption', entry({ text: 'a' }))

    expect(await storage.results.evictUnpinned()).toEqual({ evictedResults: 3, freedBytes: 50 })

    expect(await storage.results.count()).toBe(1)
    expect(await storage.results.getMany(['take-1', 'take-2', 'takes', 'caption'])).toEqual([{ video: chosenTake }, undefined, undefined, undefined])
    expect(await storage.assets.has(chosenTake.hash)).toBe(true)
    expect(await storage.assets.has(otherTake.hash)).toBe(false)
    expect(await storage.assets.has(stray.hash)).toBe(false)
  })

  it('rejects a put the disk quota refuses with StorageFullError', async () => {
    storage = freshStorage()
    vi.spyOn(storage.db.results, 'bulkPut').mockRejectedValue(new DOMException('quota', 'QuotaExceededError'))

    await expect(storage.results.put('a', entry({ text: 'a' }))).rejects.toBeInstanceOf(StorageFullError)
  })
})
