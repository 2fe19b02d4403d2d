import { describe, expect, it } from 'vitest'
import type { NodeRunRecord, RunRecord } from '../../src/engine'
import { summarizeRun } from '../../src/editor/state/run-summary'

const done = (extra: Partial<NodeRunRecord> = {}): NodeRunRecord => ({ status: 'done', cached: false, durationMs: 5, cacheKey: 'k', ...extra })

function record(nodes: Record<string, NodeRunRecord>): RunRecord {
  return { id: 'r', pipelineId: 'p', startedAt: 1_000, finishedAt: 3_500, status: 'done', nodes }
}

describe('the summary of a run', () => {
  it('adds up what the run spent on generation across nodes', () => {
    const summary = summarizeRun(record({ a: done({ costUsd: 1.25 }), b: done({ costUsd: 0.5 }), c: done() }))
    expect(summary).toMatchObject({ status: 'done', seconds: 2.5, counts: { done: 3 }, costUsd: 1.75 })
  })

  it('says the generation was free, and says nothing of money when nothing with a price was made', () => {
    expect(summarizeRun(record({ a: done({ costUsd: 0 }) })).costUsd).toBe(0)
    expect(summarizeRun(record({ a: done() }))).not.toHaveProperty('costUsd')
  })
})
