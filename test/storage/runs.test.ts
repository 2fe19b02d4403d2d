import 'fake-indexeddb/auto'
import { Dexie } from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import type { NodeRunRecord, RunRecord } from '../../src/engine'
import { openStorage, type Storage } from '../../src/storage'
import { freshDatabaseName, freshStorage } from './fixtures'

const paid = (costUsd?: number): NodeRunRecord => ({ status: 'done', cached: false, durationMs: 10, cacheKey: 'k', ...(costUsd !== undefined ? { costUsd } : {}) })
const run = (id: string, pipelineId: string, nodes: Record<string, NodeRunRecord>): RunRecord => ({ id, pipelineId, startedAt: 1, finishedAt: 2, status: 'done', nodes })
const charge = (id: string, priceUsd: number) => ({ id, provider: 'runway', priceUsd, acceptedAt: 1 })

describe('what a pipeline has spent, from the jobs ledger', () => {
  let storage: Storage | undefined
  afterEach(() => storage?.close())

  it('adds up the charges of that pipeline’s jobs, each once, and no other pipeline’s', async () => {
    storage = freshStorage()
    const film = storage.jobs.forPipeline('film')
    await film.charge(charge('take-1 task-1', 1.5))
    await film.charge(charge('take-2 task-2', 0.75))
    // The same job charged again (found again after a reload, say) counts once.
    await film.charge(charge('take-2 task-2', 0.75))
    await storage.jobs.forPipeline('other').charge(charge('take-9 task-9', 9))
    // A job followed outside any run is kept, and counted for no pipeline.
    await storage.jobs.charge(charge('take-3 task-3', 4))
    expect(await storage.jobs.spentUsd('film')).toBeCloseTo(2.25, 6)
    expect(await storage.jobs.spentUsd('nothing-run')).toBe(0)
    // A collected job leaves the ledger's pending jobs; what it cost stays.
    await film.put({ key: 'take-1', provider: 'runway', state: 'pending', remoteId: 'task-1', priceUsd: 1.5, output: { nodeType: 'generate-video', port: 'take', meta: {} }, createdAt: 1, updatedAt: 1 })
    expect((await storage.jobs.get('take-1'))?.priceUsd).toBe(1.5)
    await film.delete('take-1')
    expect(await storage.jobs.spentUsd('film')).toBeCloseTo(2.25, 6)
  })

  it('brings what the runs of an older build recorded into the ledger, so no pipeline starts again from nothing', async () => {
    const name = freshDatabaseName()
    // The database as the build before the ledger kept prices left it (version 3), with two runs' records.
    const older = new Dexie(name)
    older.version(3).stores({ runs: 'id, [pipelineId+startedAt]', components: 'id, savedAt', snapshots: '++id, [pipelineId+savedAt]', templates: 'id, createdAt' })
    await older.table('runs').bulkPut([run('a', 'film', { takes: paid(1.5), grade: paid() }), run('b', 'film', { takes: paid(0.75), upscale: paid(2) }), run('c', 'other', { takes: paid(9) })])
    older.close()
    storage = openStorage(name)
    expect(await storage.jobs.spentUsd('film')).toBeCloseTo(4.25, 6)
    expect(await storage.jobs.spentUsd('other')).toBeCloseTo(9, 6)
  })
})
