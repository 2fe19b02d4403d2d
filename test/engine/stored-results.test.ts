import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryResultStore, runPipeline, storedResults } from '../../src/engine'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

describe('storedResults', () => {
  it('reads what the cache holds, item by item, and runs nothing', async () => {
    const calls: string[] = []
    const deps = { registry: fixtureRegistry(calls), results: new MemoryResultStore(), assets: new MemoryAssetStore() }
    const list = doc([node('shots', 'number-list', { values: [4, 5] }), node('add', 'add', { plus: 1 })], [link('shots.values', 'add.a', 'l1')])
    expect((await runPipeline(list, deps)).status).toBe('done')
    calls.length = 0
    const found = await storedResults(list, deps)
    expect(calls).toEqual([])
    expect(found.get('shots')).toEqual({ outputs: { values: [4, 5] } })
    expect(found.get('add')).toEqual({ outputs: { sum: [5, 6] }, items: [{ key: '1', outputs: { sum: 5 } }, { key: '2', outputs: { sum: 6 } }] })
  })

  it('reads each end on its own when the whole pipeline cannot be planned', async () => {
    const deps = { registry: fixtureRegistry(), results: new MemoryResultStore(), assets: new MemoryAssetStore() }
    const fine = doc([node('source', 'number-source', { value: 2 }), node('add', 'add', { plus: 1 })], [link('source.value', 'add.a', 'l1')])
    await runPipeline(fine, deps)
    const broken = { ...fine, nodes: [...fine.nodes, node('lonely', 'add', { plus: 3 })] }
    const found = await storedResults(broken, deps)
    expect(found.get('add')).toEqual({ outputs: { sum: 3 } })
    expect(found.has('lonely')).toBe(false)
  })
})
