import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryResultStore, planRun, runPipeline, type NodeEvent, type RunRecord } from '../../src/engine'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

function setup() {
  const calls: string[] = []
  const deps = { registry: fixtureRegistry(calls), results: new MemoryResultStore(), assets: new MemoryAssetStore() }
  return { calls, deps }
}

/** numbers → add 10 (per item) → total (gathers) */
function chain(values: number[]) {
  return doc(
    [node('list', 'number-list', { values }), node('plus', 'add', { plus: 10 }), node('sum', 'total')],
    [link('list.values', 'plus.a'), link('plus.sum', 'sum.values')],
  )
}

function itemStatuses(record: RunRecord, nodeId: string): Record<string, string> {
  return Object.fromEntries(Object.entries(record.nodes[nodeId]?.items ?? {}).map(([key, item]) => [key, item.status]))
}

describe('a list into an input that takes one item', () => {
  it('plans the node per item and what gathers it once', () => {
    const planned = planRun(chain([1, 2]), fixtureRegistry())
    if (!planned.ok) throw new Error('refused')
    const depth = Object.fromEntries(planned.plan.steps.map((step) => [step.node.id, [step.depth, step.dynamic]]))
    expect(depth).toEqual({ list: [0, false], plus: [1, true], sum: [0, true] })
    expect(planned.plan.steps[1]?.inputs.a).toEqual([{ node: 'list', port: 'values', reach: 'map', depth: 1 }])
    expect(planned.plan.steps[2]?.inputs.values).toEqual([{ node: 'plus', port: 'sum', reach: 'gather', depth: 0 }])
  })

  it('runs the node once per item, its outputs a list in item order, and gathers them in order', async () => {
    const { calls, deps } = setup()
    const events: NodeEvent[] = []
    const record = await runPipeline(chain([3, 1, 2]), deps, { onEvent: (event) => events.push(event) })
    expect(record.status).toBe('done')
    expect(calls).toEqual(['list', 'plus', 'plus', 'plus', 'sum'])
    expect(itemStatuses(record, 'plus')).toEqual({ 1: 'done', 2: 'done', 3: 'done' })
    expect(Object.keys(record.nodes.plus?.items ?? {})).toEqual(['1', '2', '3'])
    expect(events.find((event) => event.nodeId === 'plus' && event.status === 'items')).toMatchObject({ items: ['1', '2', '3'] })
    expect(events.find((event) => event.nodeId === 'plus' && event.status === 'done')).toMatchObject({ outputs: { sum: [13, 11, 12] } })
    expect(events.find((event) => event.nodeId === 'sum' && event.status === 'done')).toMatchObject({ outputs: { total: 36, text: '13+11+12' } })
    expect(record.nodes.sum?.items).toBeUndefined()
  })

  it('comes entirely from the cache the second time', async () => {
    const { calls, deps } = setup()
    await runPipeline(chain([1, 2, 3]), deps)
    calls.length = 0
    const again = await runPipeline(chain([1, 2, 3]), deps)
    expect(calls).toEqual([])
    expect(Object.values(again.nodes).map((entry) => entry.status)).toEqual(['cached', 'cached', 'cached'])
    expect(itemStatuses(again, 'plus')).toEqual({ 1: 'cached', 2: 'cached', 3: 'cached' })
    expect(again.nodes.plus?.items?.['2']).toMatchObject({ cached: true, cacheKey: expect.stringMatching(/^[0-9a-f]{64}$/) })
  })

  it('keeps a plain chain’s cache keys as they were: only what runs per item or gathers is keyed by items', () => {
    const plain = doc([node('a', 'number-source', { value: 2 }), node('b', 'add', { plus: 3 })], [link('a.value', 'b.a')])
    const planned = planRun(plain, fixtureRegistry())
    if (!planned.ok) throw new Error('refused')
    expect(planned.plan.steps.map((step) => [step.depth, step.dynamic])).toEqual([
      [0, false],
      [0, false],
    ])
  })
})

describe('stable item keys', () => {
  async function rerun(before: number[], after: number[]) {
    const { calls, deps } = setup()
    await runPipeline(chain(before), deps)
    calls.length = 0
    const record = await runPipeline(chain(after), deps)
    return { calls, record }
  }

  it('changing one item re-runs only that item and what gathers', async () => {
    const { calls, record } = await rerun([1, 2, 3, 4], [1, 2, 3, 40])
    expect(calls).toEqual(['list', 'plus', 'sum'])
    expect(itemStatuses(record, 'plus')).toEqual({ 1: 'cached', 2: 'cached', 3: 'cached', 4: 'done' })
    expect(record.nodes.plus?.items?.['4']).toMatchObject({ status: 'done', cached: false })
  })

  it('inserting an item runs that item alone', async () => {
    const { calls, record } = await rerun([1, 2, 3], [1, 9, 2, 3])
    expect(calls).toEqual(['list', 'plus', 'sum'])
    expect(itemStatuses(record, 'plus')).toEqual({ 1: 'cached', 2: 'done', 3: 'cached', 4: 'cached' })
  })

  it('removing or reordering items runs nothing per item: only what gathers them', async () => {
    const removed = await rerun([1, 2, 3], [1, 3])
    expect(removed.calls).toEqual(['list', 'sum'])
    const reordered = await rerun([1, 2, 3], [3, 1, 2])
    expect(reordered.calls).toEqual(['list', 'sum'])
    expect(Object.values(reordered.record.nodes.plus?.items ?? {}).every((item) => item.cached)).toBe(true)
  })
})

describe('nested lists', () => {
  // numbers → takes (per number: its own list of takes) → total (per number: gathers that number's takes only)
  const nested = (values: number[]) =>
    doc(
      [node('list', 'number-list', { values }), node('shots', 'takes', { takes: 2 }), node('each', 'total'), node('all', 'total'), node('lift', 'add', { plus: 1 }), node('lifted', 'total')],
      [
        link('list.values', 'shots.base'),
        link('shots.takes', 'each.values'),
        link('each.total', 'all.values'),
        link('shots.takes', 'lift.a'),
        link('lift.sum', 'lifted.values'),
      ],
    )

  it('keeps each item’s own list to itself: items never mix', async () => {
    const { deps } = setup()
    const events: NodeEvent[] = []
    const record = await runPipeline(nested([1, 2]), deps, { onEvent: (event) => events.push(event) })
    expect(record.status).toBe('done')
    // Item 1's takes are 110 and 111, item 2's are 210 and 211.
    expect(events.find((event) => event.nodeId === 'each' && event.status === 'done')).toMatchObject({ outputs: { total: [221, 421] } })
    expect(events.find((event) => event.nodeId === 'all' && event.status === 'done')).toMatchObject({ outputs: { total: 642 } })
  })

  it('runs a node once per item of each item’s own list, and gathers them back per item', async () => {
    const { deps } = setup()
    const events: NodeEvent[] = []
    const record = await runPipeline(nested([1, 2]), deps, { onEvent: (event) => events.push(event) })
    expect(Object.keys(record.nodes.lift?.items ?? {})).toEqual(['1 / 1', '1 / 2', '2 / 1', '2 / 2'])
    expect(events.find((event) => event.nodeId === 'lifted' && event.status === 'done')).toMatchObject({ outputs: { total: [223, 423] } })
  })
})

describe('an item that fails', () => {
  // numbers → fail on 2 (per item) → add 1 (per item) → total (gathers)
  const failing = doc(
    [node('list', 'number-list', { values: [1, 2, 3] }), node('check', 'fail-on', { value: 2 }), node('plus', 'add', { plus: 1 }), node('sum', 'total')],
    [link('list.values', 'check.value'), link('check.value', 'plus.a'), link('plus.sum', 'sum.values')],
  )

  it('stops only its own chain; what gathers it is skipped, naming the item', async () => {
    const { calls, deps } = setup()
    const events: NodeEvent[] = []
    const record = await runPipeline(failing, deps, { onEvent: (event) => events.push(event) })
    expect(record.status).toBe('error')
    expect(calls.filter((call) => call.startsWith('check'))).toEqual(['check(1)', 'check(2)', 'check(3)'])
    expect(itemStatuses(record, 'check')).toEqual({ 1: 'done', 2: 'error', 3: 'done' })
    expect(record.nodes.check).toMatchObject({ status: 'error', error: expect.stringContaining('item 2: 2 is unlucky') })
    expect(record.nodes.check?.items?.['2']?.error).toBe('2 is unlucky')
    expect(itemStatuses(record, 'plus')).toEqual({ 1: 'done', 2: 'skipped', 3: 'done' })
    expect(record.nodes.plus?.status).toBe('done')
    expect(record.nodes.sum).toMatchObject({ status: 'skipped' })
    const skipped = events.find((event) => event.nodeId === 'sum' && event.status === 'skipped')
    expect(skipped).toMatchObject({ because: 'item 2 of "plus" did not run' })
  })

  it('runs only the failed item again next time', async () => {
    const { calls, deps } = setup()
    await runPipeline(failing, deps)
    calls.length = 0
    const record = await runPipeline(failing, deps)
    expect(calls).toEqual(['check(2)'])
    expect(itemStatuses(record, 'check')).toEqual({ 1: 'cached', 2: 'error', 3: 'cached' })
  })
})

describe('reading the cache for a chain over a list', () => {
  /** The result store, counting its reads. */
  function countingStore() {
    const store = new MemoryResultStore()
    const reads: number[] = []
    const getMany = store.getMany.bind(store)
    store.getMany = (keys) => {
      reads.push(keys.length)
      return getMany(keys)
    }
    return { store, reads }
  }
  // numbers → add → add → add (each per item) → total (gathers); and nested: each number's takes, one level deeper.
  const chained = doc(
    [node('list', 'number-list', { values: [1, 2, 3] }), node('a', 'add', { plus: 1 }), node('b', 'add', { plus: 2 }), node('c', 'add', { plus: 3 }), node('sum', 'total')],
    [link('list.values', 'a.a'), link('a.sum', 'b.a'), link('b.sum', 'c.a'), link('c.sum', 'sum.values')],
  )

  it('reads every item of the chain, and what gathers it, in one read once the list is known', async () => {
    const calls: string[] = []
    const { store, reads } = countingStore()
    const deps = { registry: fixtureRegistry(calls), results: store, assets: new MemoryAssetStore() }
    expect((await runPipeline(chained, deps)).status).toBe('done')
    reads.length = 0
    calls.length = 0
    const again = await runPipeline(chained, deps)
    expect(calls).toEqual([])
    expect(Object.values(again.nodes).map((entry) => entry.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached'])
    // The plan's own keys (the list), then 3 items × 3 nodes and the total together.
    expect(reads).toEqual([1, 10])
  })

  it('runs a changed item again with keys read ahead, and gives the same results as reading step by step', async () => {
    const calls: string[] = []
    const { store } = countingStore()
    const deps = { registry: fixtureRegistry(calls), results: store, assets: new MemoryAssetStore() }
    await runPipeline(chained, deps)
    const changed = { ...chained, nodes: chained.nodes.map((n) => (n.id === 'list' ? { ...n, params: { values: [1, 5, 3] } } : n)) }
    calls.length = 0
    const events: NodeEvent[] = []
    const record = await runPipeline(changed, deps, { onEvent: (event) => events.push(event) })
    expect(calls).toEqual(['list', 'a', 'b', 'c', 'sum'])
    expect(itemStatuses(record, 'c')).toEqual({ 1: 'cached', 2: 'done', 3: 'cached' })
    expect(events.find((event) => event.nodeId === 'sum' && event.status === 'done')).toMatchObject({ outputs: { total: 1 + 6 + 5 + 6 + 3 + 6 } })
  })
})
