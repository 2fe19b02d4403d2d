import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryResultStore, planRun, runPipeline, storedResults, type Step } from '../../src/engine'
import { keysAhead, stepCells, type KnownCell } from '../../src/engine/item-cells'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

// numbers → a → b (each per item) → sum (gathers them).
const chained = doc(
  [node('list', 'number-list', { values: [4, 5, 6] }), node('a', 'add', { plus: 1 }), node('b', 'add', { plus: 2 }), node('sum', 'total')],
  [link('list.values', 'a.a'), link('a.sum', 'b.a'), link('b.sum', 'sum.values')],
)

function stepsOf(pipeline = chained): Map<string, Step> {
  const planned = planRun(pipeline, fixtureRegistry())
  if (!planned.ok) throw new Error('the test pipeline does not plan')
  return new Map(planned.plan.steps.map((step) => [step.node.id, step]))
}

/** The keys a real run gives each item. */
async function runKeys(pipeline = chained) {
  const record = await runPipeline(pipeline, { registry: fixtureRegistry(), results: new MemoryResultStore(), assets: new MemoryAssetStore() })
  const itemKeys = (id: string) => Object.fromEntries(Object.entries(record.nodes[id]?.items ?? {}).map(([item, entry]) => [item, entry.cacheKey]))
  return { a: itemKeys('a'), b: itemKeys('b'), sum: record.nodes.sum?.cacheKey }
}

describe('item keys worked out ahead of a run', () => {
  it('gives every per-item step below a known list the keys the run gives its items, values still pending', async () => {
    const steps = stepsOf()
    const list = steps.get('list') as Step
    const known = (nodeId: string): KnownCell[] | undefined => (nodeId === 'list' ? [{ path: [], key: list.cacheKey, outputs: { values: [4, 5, 6] }, status: 'cached' }] : undefined)
    const ahead = keysAhead([steps.get('a'), steps.get('b'), steps.get('sum')] as Step[], known)
    const keysOf = (id: string) => Object.fromEntries((ahead.get(id) ?? []).map((cell) => [cell.path.join('/'), cell.key]))
    const ran = await runKeys()
    expect(keysOf('a')).toEqual(ran.a)
    expect(keysOf('b')).toEqual(ran.b)
    expect(ahead.get('sum')?.map((cell) => cell.key)).toEqual([ran.sum])
    // The list's values are known, so a's inputs are; b's come from a, not made yet.
    expect(ahead.get('a')?.map((cell) => cell.inputs.a)).toEqual([4, 5, 6])
    expect(ahead.get('b')?.every((cell) => cell.pending.has('a') && cell.inputs.a === undefined)).toBe(true)
  })

  it('leaves out a step that splits a list whose values are not known, and what runs per item of it', () => {
    const steps = stepsOf()
    const list = steps.get('list') as Step
    const ahead = keysAhead([steps.get('a'), steps.get('b')] as Step[], (nodeId) => (nodeId === 'list' ? [{ path: [], key: list.cacheKey }] : undefined))
    expect(ahead.size).toBe(0)
    expect(stepCells(steps.get('a') as Step, () => undefined)).toBeUndefined()
  })

  it('says why an item will not run when what reaches it ended without a result, and gives it no key', () => {
    const steps = stepsOf()
    const cells: KnownCell[] = [
      { path: ['1'], key: 'k1', outputs: { sum: 5 }, status: 'done' },
      { path: ['2'], key: 'k2', status: 'error' },
    ]
    const b = stepCells(steps.get('b') as Step, (nodeId) => (nodeId === 'a' ? cells : undefined), { nameOf: () => 'Plus one' })
    expect(b?.map((cell) => [cell.path, cell.key === undefined, cell.because])).toEqual([
      [['1'], false, undefined],
      [['2'], true, '"Plus one" failed for item 2'],
    ])
    const sum = stepCells(steps.get('sum') as Step, (nodeId) => (nodeId === 'b' ? cells : undefined), { nameOf: () => 'Plus two' })
    expect(sum?.[0]?.because).toBe('item 2 of "Plus two" failed')
    // keysAhead keeps only the items that will run.
    expect(keysAhead([steps.get('b') as Step], (nodeId) => (nodeId === 'a' ? cells : undefined)).get('b')?.map((cell) => cell.path)).toEqual([['1']])
  })

  it('takes an item key already worked out instead of hashing it again', () => {
    const steps = stepsOf()
    const cells: KnownCell[] = [{ path: ['1'], key: 'k1', outputs: { sum: 5 }, status: 'done' }]
    const b = stepCells(steps.get('b') as Step, (nodeId) => (nodeId === 'a' ? cells : undefined), { keys: new Map([['1', 'worked out before']]) })
    expect(b?.[0]?.key).toBe('worked out before')
  })
})

describe('a run that only reads the cache', () => {
  it('reads a chain over a list as the run does: the plan’s keys, then every item below the list in one read', async () => {
    const results = new MemoryResultStore()
    const deps = { registry: fixtureRegistry(), results, assets: new MemoryAssetStore() }
    await runPipeline(chained, deps)
    const reads: number[] = []
    const getMany = results.getMany.bind(results)
    results.getMany = (keys) => {
      reads.push(keys.length)
      return getMany(keys)
    }
    const found = await storedResults(chained, deps)
    expect(found.get('b')?.items?.map((item) => item.outputs)).toEqual([{ sum: 7 }, { sum: 8 }, { sum: 9 }])
    expect(reads).toEqual([1, 7])
  })
})
