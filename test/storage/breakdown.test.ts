import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { pinnedMedia, storageBreakdown, type Storage } from '../../src/storage'
import { freshStorage, putClip } from './fixtures'

describe('storage breakdown', () => {
  let storage: Storage
  afterEach(() => {
    storage.close()
    vi.useRealTimers()
  })

  it('counts media by the node type whose results hold them, each asset once, and what no result holds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(1_000)
    storage = freshStorage()
    const chosenTake = await putClip(storage, 100, 1, true)
    const otherTake = await putClip(storage, 200, 2)
    const graded = await putClip(storage, 50, 3)
    const upload = await putClip(storage, 7, 4, true)
    await storage.results.put('take-1', { outputs: { take: chosenTake }, nodeType: 'generate-video', durationMs: 1 })
    await storage.results.put('takes', { outputs: { takes: [chosenTake, otherTake] }, nodeType: 'generate-video', durationMs: 1 })
    // Made later, the grade's result also lists the chosen take: it stays counted as a take.
    vi.setSystemTime(2_000)
    await storage.results.put('grade', { outputs: { media: graded, also: chosenTake }, nodeType: 'color-grade', durationMs: 1 })
    await storage.results.put('caption', { outputs: { text: 'dusk' }, nodeType: 'text', durationMs: 1 })
    await storage.results.flush()

    const breakdown = await storageBreakdown(storage.db)

    expect(breakdown).toMatchObject({ assetBytes: 357, pinnedBytes: 107, assetCount: 4, resultCount: 4 })
    expect(breakdown.byNodeType).toEqual([
      { nodeType: 'generate-video', results: 2, assets: 2, bytes: 300, pinnedBytes: 100 },
      { nodeType: 'color-grade', results: 1, assets: 1, bytes: 50, pinnedBytes: 0 },
      { nodeType: 'text', results: 1, assets: 0, bytes: 0, pinnedBytes: 0 },
    ])
    expect(breakdown.unreferenced).toEqual({ assets: 1, bytes: 7, pinnedBytes: 7 })

    // The pinned media, named from the results that hold them; the upload is in none.
    const pinned = await pinnedMedia(storage.db)
    expect(pinned).toEqual([
      { hash: chosenTake.hash, bytes: 100, mime: 'video/mp4', nodeType: 'generate-video' },
      { hash: upload.hash, bytes: 7, mime: 'video/mp4' },
    ])
  })
})
