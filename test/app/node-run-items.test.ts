import { describe, expect, it } from 'vitest'
import { afterEvent, type NodeRun } from '../../src/editor/state/node-run'
import type { NodeEvent } from '../../src/engine'

function replay(events: NodeEvent[]): NodeRun | undefined {
  return events.reduce<NodeRun | undefined>((run, event) => afterEvent(run, event), undefined)
}

describe('a node that runs per item, as its strip shows it', () => {
  it('lists its items in order as queued, then each as it settles, and keeps them once the node is done', () => {
    const run = replay([
      { nodeId: 'n', status: 'queued', cacheKey: 'k' },
      { nodeId: 'n', status: 'items', items: ['1', '2', '3'] },
      { nodeId: 'n', status: 'item', item: '2', state: 'cached', outputs: { sum: 12 }, durationMs: 0 },
      { nodeId: 'n', status: 'item', item: '1', state: 'error', message: 'it broke', durationMs: 3 },
      { nodeId: 'n', status: 'item', item: '3', state: 'running' },
      { nodeId: 'n', status: 'item', item: '3', state: 'done', outputs: { sum: 13 }, durationMs: 5 },
      { nodeId: 'n', status: 'error', message: '1 of 3 items failed' },
    ])
    expect(run?.status).toBe('error')
    expect(run?.items).toEqual([
      { key: '1', status: 'error', message: 'it broke' },
      { key: '2', status: 'cached', outputs: { sum: 12 } },
      { key: '3', status: 'done', outputs: { sum: 13 } },
    ])
    const done = afterEvent(run, { nodeId: 'n', status: 'done', outputs: { sum: [12, 13] }, durationMs: 9 })
    expect(done.items).toHaveLength(3)
  })

  it('forgets the last run’s items when it is queued again', () => {
    const run = replay([
      { nodeId: 'n', status: 'items', items: ['1'] },
      { nodeId: 'n', status: 'queued', cacheKey: 'k' },
    ])
    expect(run?.items).toBeUndefined()
  })
})
