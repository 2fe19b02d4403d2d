import 'fake-indexeddb/auto'
import { Dexie } from 'dexie'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isQuotaError, StorageFullError, type Storage } from '../../src/storage'
import { freshStorage, putClip, sampleDoc } from './fixtures'

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')
const MB = 1024 ** 2

describe('isQuotaError', () => {
  it("recognizes the browser's error, bare and as Dexie wraps it", () => {
    expect(isQuotaError(quotaError())).toBe(true)
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true)
    expect(isQuotaError(new Dexie.AbortError('transaction aborted', quotaError()))).toBe(true)
    expect(isQuotaError(new Dexie.BulkError('1 of 2 failed', { 1: quotaError() }))).toBe(true)
  })

  it('leaves every other error alone', () => {
    expect(isQuotaError(new Dexie.ConstraintError('key already exists'))).toBe(false)
    expect(isQuotaError(new DOMException('aborted', 'AbortError'))).toBe(false)
    expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false)
    expect(isQuotaError('QuotaExceededError')).toBe(false)
    expect(isQuotaError(undefined)).toBe(false)
  })
})

describe('StorageFullError', () => {
  it('says how full the storage is and what to free', () => {
    const error = new StorageFullError({ assetBytes: 2040 * MB, pinnedBytes: 120 * MB, assetCount: 9, resultCount: 9 })
    expect(error.message).toBe(
      "The browser's storage for Reelgraph is full (1.9 GB of cached results, 120 MB pinned), so the pipeline could " +
        'not be saved. It is still open here and saves again once there is room. Free space: lower the cache budget ' +
        'in Settings, clear cached results, or delete pipelines you no longer need.',
    )
  })
})

describe('a full disk', () => {
  let storage: Storage
  afterEach(() => {
    storage.close()
    vi.restoreAllMocks()
  })

  /** Six 100-byte cached results, with a budget of 600 bytes. */
  async function fillCache(): Promise<void> {
    await storage.settings.update({ cacheBudgetBytes: 600 })
    for (let i = 0; i < 6; i++) {
      const take = await putClip(storage, 100, i + 1)
      await storage.results.put(`take-${i}`, { outputs: { video: take }, nodeType: 'generate-take', durationMs: 1 })
    }
  }

  it('saves the pipeline after evicting cached results down to half the budget', async () => {
    storage = freshStorage()
    await fillCache()
    const put = vi.spyOn(storage.db.pipelines, 'put').mockRejectedValueOnce(quotaError())

    await storage.pipelines.save(sampleDoc('p1', 'Night market'))

    expect(put).toHaveBeenCalledTimes(2)
    expect((await storage.pipelines.get('p1'))?.name).toBe('Night market')
    expect(await storage.results.count()).toBe(3)
  })

  it('evicts nothing when the pipeline fits', async () => {
    storage = freshStorage()
    await fillCache()
    await storage.pipelines.save(sampleDoc('p1', 'Night market'))
    expect(await storage.results.count()).toBe(6)
  })

  it('refuses with StorageFullError when the pipeline still does not fit, keeping the saved version', async () => {
    storage = freshStorage()
    await storage.pipelines.save(sampleDoc('p1', 'Night market'))
    await putClip(storage, 500, 9, true)
    vi.spyOn(storage.db.pipelines, 'put').mockRejectedValue(new Dexie.AbortError('aborted', quotaError()))

    const failure = storage.pipelines.save(sampleDoc('p1', 'Night market, recut'))

    await expect(failure).rejects.toBeInstanceOf(StorageFullError)
    await expect(failure).rejects.toThrow("(0 bytes of cached results, 500 bytes pinned), so the pipeline could not be saved.")
    vi.restoreAllMocks()
    expect((await storage.pipelines.get('p1'))?.name).toBe('Night market')
  })

  it('makes room for new media the same way', async () => {
    storage = freshStorage()
    await fillCache()
    vi.spyOn(storage.db.assets, 'add').mockRejectedValueOnce(quotaError())

    const take = await putClip(storage, 100, 42)

    expect(await storage.assets.has(take.hash)).toBe(true)
    expect(await storage.results.count()).toBe(3)
  })

  it('passes other errors through untouched', async () => {
    storage = freshStorage()
    const broken = new Error('disk on fire')
    vi.spyOn(storage.db.pipelines, 'put').mockRejectedValue(broken)
    await expect(storage.pipelines.save(sampleDoc('p1', 'Night market'))).rejects.toBe(broken)
  })
})
