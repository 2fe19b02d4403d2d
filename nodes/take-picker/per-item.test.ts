import { describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { MemoryAssetStore, MemoryResultStore, NodeRegistry, runPipeline, type RunRecord } from '../../src/engine'
import { doc, filmNodes, link, node } from '../../test/engine/fixture-nodes'
import takePicker from './node'

/**
 * A list of shots run item by item through takes → take-picker → a cut, with the memory stores:
 * what each item's choice re-runs.
 */
function filmRegistry(calls: string[]) {
  return new NodeRegistry([...filmNodes(calls), takePicker])
}

function film(picker: Record<string, unknown>): PipelineDoc {
  return doc(
    [node('list', 'shots', { texts: ['dawn', 'rain', 'door', 'kiss'] }), node('gen', 'two-takes'), node('pick', 'take-picker', picker), node('edit', 'cut')],
    [link('list.shots', 'gen.shot'), link('gen.takes', 'pick.takes'), link('pick.video', 'edit.clips')],
  )
}

function pickerItems(record: RunRecord): Record<string, string> {
  return Object.fromEntries(Object.entries(record.nodes.pick?.items ?? {}).map(([key, item]) => [key, item.status]))
}

async function twoRuns(before: Record<string, unknown>, after: Record<string, unknown>) {
  const calls: string[] = []
  const deps = { registry: filmRegistry(calls), results: new MemoryResultStore(), assets: new MemoryAssetStore() }
  const first = await runPipeline(film(before), deps)
  calls.length = 0
  const second = await runPipeline(film(after), deps)
  return { first, second, calls }
}

describe('take-picker run once per shot', () => {
  it('sends each shot’s own choice on, and the node’s choice for a shot without one', async () => {
    const calls: string[] = []
    const cuts: string[] = []
    const deps = { registry: filmRegistry(calls), results: new MemoryResultStore(), assets: new MemoryAssetStore() }
    const record = await runPipeline(film({ selected: [0], byItem: { 3: { selected: [1] } } }), deps, {
      onEvent: (event) => {
        if (event.nodeId === 'edit' && event.status === 'done') cuts.push(String(event.outputs.names))
      },
    })
    expect(record.status).toBe('done')
    expect(cuts).toEqual(['dawn 1 | rain 1 | door 2 | kiss 1'])
  })

  it('choosing another take for shot 3 re-runs only shot 3’s pick and the cut', async () => {
    const { first, second, calls } = await twoRuns({ selected: [0] }, { selected: [0], byItem: { 3: { selected: [1] } } })
    expect(pickerItems(first)).toEqual({ 1: 'done', 2: 'done', 3: 'done', 4: 'done' })
    expect(pickerItems(second)).toEqual({ 1: 'cached', 2: 'cached', 3: 'done', 4: 'cached' })
    expect(calls).toEqual(['cut'])
    expect(second.nodes.gen?.status).toBe('cached')
    expect(second.nodes.pick?.items?.['3']?.cacheKey).not.toBe(first.nodes.pick?.items?.['3']?.cacheKey)
    expect(second.nodes.pick?.items?.['2']?.cacheKey).toBe(first.nodes.pick?.items?.['2']?.cacheKey)
  })

  it('changing shot 3’s choice again leaves the other shots’ keys alone, and its reviews re-run nothing', async () => {
    const chosen = { selected: [0], byItem: { 3: { selected: [1] }, 1: { selected: [1] } } }
    const changed = await twoRuns(chosen, { ...chosen, byItem: { ...chosen.byItem, 3: { selected: [0] } } })
    expect(pickerItems(changed.second)).toEqual({ 1: 'cached', 2: 'cached', 3: 'done', 4: 'cached' })
    const reviewed = await twoRuns(chosen, { ...chosen, byItem: { ...chosen.byItem, 3: { selected: [1], reviews: { 0: { rejected: true }, 1: { rating: 5, note: 'her turn lands' } } } } })
    expect(pickerItems(reviewed.second)).toEqual({ 1: 'cached', 2: 'cached', 3: 'cached', 4: 'cached' })
    expect(reviewed.calls).toEqual([])
  })

  it('a shot whose own choice is empty fails with “Pick a take”, and the others go on', async () => {
    const { second } = await twoRuns({ selected: [0] }, { selected: [0], byItem: { 2: { selected: [] } } })
    expect(pickerItems(second)).toEqual({ 1: 'cached', 2: 'error', 3: 'cached', 4: 'cached' })
    expect(second.nodes.pick?.items?.['2']?.error).toMatch(/^Pick a take/)
  })

  it('keeps the cache key of a document made before choices per item', async () => {
    const { calls, second } = await twoRuns({ selected: [1] }, { selected: [1], byItem: {} })
    expect(calls).toEqual([])
    expect(second.nodes.edit?.status).toBe('cached')
  })
})
