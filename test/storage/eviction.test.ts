import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AssetRef } from '../../src/engine'
import { enforceBudget, LAST_USE_RESOLUTION_MS, storageUsage, type Storage } from '../../src/storage'
import { freshStorage, putClip } from './fixtures'

const entry = (take: AssetRef) => ({ outputs: { video: take }, nodeType: 'generate-take', durationMs: 1 })

describe('cache eviction', () => {
  let storage: Storage
  afterEach(() => {
    storage.close()
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  /** One 100-byte take and its result per name, each made a second after the one before. */
  async function takesAt(names: string[], startAt: number): Promise<Record<string, AssetRef>> {
    const takes: Record<string, AssetRef> = {}
    for (const [i, name] of names.entries()) {
      vi.setSystemTime(startAt + i * 1_000)
      const take = await putClip(storage, 100, i + 1)
      await storage.results.put(name, entry(take))
      takes[name] = take
    }
    return takes
  }

  it('evicts the least recently used result first: a result used again survives', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    storage = freshStorage()
    const takes = await takesAt(['oldest', 'middle', 'newest'], 10_000)
    // Used again later than the resolution last use is kept at.
    vi.setSystemTime(20_000 + LAST_USE_RESOLUTION_MS)
    await storage.results.getMany(['oldest'])

    const evicted = await enforceBudget(storage, 200)

    expect(evicted).toEqual({ evictedResults: 1, freedBytes: 100 })
    const found = await storage.results.getMany(['oldest', 'middle', 'newest'])
    expect(found.map((outputs) => outputs !== undefined)).toEqual([true, false, true])
    expect(await storage.assets.has(takes.middle?.hash ?? '')).toBe(false)
  })

  it('never deletes a pinned asset, and keeps a result that refers to one, even over budget', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    storage = freshStorage()
    vi.setSystemTime(1_000)
    const chosenTake = await putClip(storage, 1_000, 1, true)
    await storage.results.put('chosen', entry(chosenTake))
    await takesAt(['later'], 2_000)

    const evicted = await enforceBudget(storage, 0)

    expect(evicted).toEqual({ evictedResults: 1, freedBytes: 100 })
    expect(await storage.results.getMany(['chosen', 'later'])).toEqual([entry(chosenTake).outputs, undefined])
    expect(await storage.assets.has(chosenTake.hash)).toBe(true)
    expect(await storageUsage(storage.db)).toEqual({ assetBytes: 1_000, pinnedBytes: 1_000, assetCount: 1, resultCount: 1 })
  })

  it('evicts a list of takes of which one is pinned, freeing the others and keeping the pinned take’s own result', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    storage = freshStorage()
    vi.setSystemTime(1_000)
    const chosenTake = await putClip(storage, 100, 1, true)
    const otherTake = await putClip(storage, 100, 2)
    await storage.results.put('take-1', entry(chosenTake))
    await storage.results.put('take-2', entry(otherTake))
    await storage.results.put('takes', { outputs: { takes: [chosenTake, otherTake] }, nodeType: 'generate-take', durationMs: 1 })

    const evicted = await enforceBudget(storage, 0)

    expect(evicted).toEqual({ evictedResults: 2, freedBytes: 100 })
    expect(await storage.results.getMany(['take-1', 'take-2', 'takes'])).toEqual([entry(chosenTake).outputs, undefined, undefined])
    expect(await storage.assets.has(otherTake.hash)).toBe(false)
  })

  it('keeps an asset while another result still refers to it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    storage = freshStorage()
    vi.setSystemTime(1_000)
    const shared = await putClip(storage, 100, 1)
    await storage.results.put('first', entry(shared))
    vi.setSystemTime(2_000)
    const own = await putClip(storage, 100, 2)
    await storage.results.put('second', entry(own))
    vi.setSystemTime(3_000)
    await storage.results.put('third', entry(shared))

    const evicted = await enforceBudget(storage, 100)

    expect(evicted).toEqual({ evictedResults: 2, freedBytes: 100 })
    expect(await storage.assets.has(shared.hash)).toBe(true)
    expect(await storage.assets.has(own.hash)).toBe(false)
    expect(await storage.results.getMany(['first', 'second', 'third'])).toEqual([undefined, undefined, entry(shared).outputs])
  })

  it('keeps an asset that a running node has just written again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    storage = freshStorage()
    const takes = await takesAt(['old'], 1_000)
    vi.setSystemTime(9_000)
    await putClip(storage, 100, 1)

    const evicted = await enforceBudget(storage, 0)

    expect(evicted).toEqual({ evictedResults: 1, freedBytes: 0 })
    expect(await storage.assets.has(takes.old?.hash ?? '')).toBe(true)
  })

  it('does nothing within budget', async () => {
    storage = freshStorage()
    await takesAt(['a', 'b'], Date.now())
    expect(await enforceBudget(storage.db, 200)).toEqual({ evictedResults: 0, freedBytes: 0 })
    expect(await storage.results.count()).toBe(2)
  })

  it('runs by itself once the cache outgrows the budget in Settings', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    storage = freshStorage()
    await storage.settings.update({ cacheBudgetBytes: 350 })

    await takesAt(['a', 'b', 'c', 'd', 'e'], 1_000)
    await storage.results.flush()

    const usage = await storageUsage(storage.db)
    expect(usage.assetBytes).toBeLessThanOrEqual(350)
    const found = await storage.results.getMany(['a', 'b', 'c', 'd', 'e'])
    expect(found.map((outputs) => outputs !== undefined)).toEqual([false, false, true, true, true])
  })

  it('keeps a running total instead of measuring the store after every write', async () => {
    storage = freshStorage()
    const measure = vi.spyOn(storage.db.assets, 'where')

    for (let i = 0; i < 20; i++) await storage.results.put(`key-${i}`, entry(await putClip(storage, 10, i + 1)))
    await storage.results.flush()

    expect(measure).toHaveBeenCalledTimes(1)
  })

  it('measures the cache for its budget from the sizes alone, counting no result', async () => {
    storage = freshStorage()
    const counted = vi.spyOn(storage.db.results, 'count')

    for (let i = 0; i < 3; i++) await storage.results.put(`key-${i}`, entry(await putClip(storage, 10, i + 1)))
    await storage.results.flush()

    expect(counted).not.toHaveBeenCalled()
  })

  it('measures the store', async () => {
    storage = freshStorage()
    await putClip(storage, 300, 1, true)
    await putClip(storage, 50, 2)
    await takesAt(['a'], Date.now())
    expect(await storageUsage(storage.db)).toEqual({ assetBytes: 450, pinnedBytes: 300, assetCount: 3, resultCount: 1 })
  })
})
