import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { NodeRunRecord, RunRecord } from '../../src/engine'
import type { Storage } from '../../src/storage'
import { freshStorage } from './fixtures'

const paid = (costUsd?: number): NodeRunRecord => ({ status: 'done', cached: false, durationMs: 10, cacheKey: 'k', ...(costUsd !== undefined ? { costUsd } : {}) })
const run = (id: string, pipelineId: string, nodes: Record<string, NodeRunRecord>): RunRecord => ({ id, pipelineId, startedAt: 1, finishedAt: 2, status: 'done', nodes })

describe('what a pipeline has spent', () => {
  let storage: Storage
  afterEach(() => storage.close())

  it('adds up every recorded run of that pipeline, and no other', async () => {
    storage = freshStorage()
    await storage.runs.add(run('a', 'film', { takes: paid(1.5), grade: paid() }))
    await storage.runs.add(run('b', 'film', { takes: paid(0.75), upscale: paid(2) }))
    await storage.runs.add(run('c', 'other', { takes: paid(9) }))
    expect(await storage.runs.spentUsd('film')).toBeCloseTo(4.25, 6)
    expect(await storage.runs.spentUsd('nothing-run')).toBe(0)
  })
})
