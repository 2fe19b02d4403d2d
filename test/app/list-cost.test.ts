import { describe, expect, it } from 'vitest'
import { budgetRefusal, shotsOf, spendSummary } from '../../src/document/spend-summary'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore, offlineAccess, type RemoteAccess, type SpendEstimate } from '../../src/engine'
import { CURRENT_DOC_VERSION, type PipelineDoc } from '../../src/graph'
import { registry } from '../engine/shipped-registry'

/** Keys for Runway and no network: an estimate reads keys and sends nothing. */
const remote: RemoteAccess = { ...offlineAccess(), jobs: new MemoryJobLedger(), key: async (provider) => (provider === 'runway' ? 'key_test_runway' : undefined) }
const costOf = (doc: PipelineDoc) => spendSummary(doc, { registry, results: new MemoryResultStore(), assets: new MemoryAssetStore(), remote })

/** A list of shot texts → one prompt per shot → two Runway takes per shot. */
function shots(texts: string[]): PipelineDoc {
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: 'paid-shot-list',
    name: 'Paid shot list',
    description: '',
    nodes: [
      { id: 'shots', type: 'text-list', typeVersion: 1, position: { x: 0, y: 0 }, params: { texts } },
      { id: 'prompt', type: 'prompt', typeVersion: 1, position: { x: 300, y: 0 }, params: { subject: 'a keeper', action: '{action}', durationS: 5 } },
      { id: 'takes', type: 'generate-video', typeVersion: 1, position: { x: 600, y: 0 }, params: { provider: 'runway', takes: 2 } },
    ],
    edges: [
      { id: 'l1', from: { node: 'shots', port: 'texts' }, to: { node: 'prompt', port: 'text' } },
      { id: 'l2', from: { node: 'prompt', port: 'prompt' }, to: { node: 'takes', port: 'prompt' } },
    ],
  }
}

describe('the cost of a node that runs per item', () => {
  it('counts every take of every item, once: takes × items × price', async () => {
    const one = await costOf(shots(['action: climbs']))
    const three = await costOf(shots(['action: climbs', 'action: falls', 'action: waves']))
    expect(one.calls).toEqual([expect.objectContaining({ provider: 'runway', nodes: 1, units: 2 })])
    expect(three.calls).toEqual([expect.objectContaining({ provider: 'runway', nodes: 1, units: 6 })])
    expect(one.totalUsd).toBeGreaterThan(0)
    expect(three.totalUsd).toBeCloseTo(one.totalUsd * 3, 6)
  })
})

describe('the estimate by shot', () => {
  it('gives each shot its own takes and price, in shot order', async () => {
    const cost = await costOf(shots(['action: climbs', 'action: falls', 'action: waves']))
    expect(cost.shots.map((shot) => [shot.item, shot.units, shot.running, shot.cached])).toEqual([
      ['1', 2, 1, 0],
      ['2', 2, 1, 0],
      ['3', 2, 1, 0],
    ])
    const perShot = cost.shots.map((shot) => shot.estimatedUsd ?? Number.NaN)
    expect(perShot.reduce((sum, usd) => sum + usd, 0)).toBeCloseTo(cost.totalUsd, 6)
  })

  it('sums a shot over the nodes that run for it; a cached shot is free, one priced only in the run has no price yet', () => {
    const take = (usd: number): SpendEstimate => ({ kind: 'priced', usd, provider: 'runway', name: 'Runway', units: 2, unit: 'take', basis: '' })
    const later: SpendEstimate = { kind: 'unpriced', provider: 'topaz', name: 'Topaz', why: 'the clip is made in the run' }
    const shotList = shotsOf({
      totalUsd: 1.5,
      nodes: [
        { nodeId: 'takes', label: 'Takes', estimate: take(1.5), items: [{ item: '1A' }, { item: '1B', estimate: take(0.5) }, { item: '2', estimate: take(1) }] },
        { nodeId: 'upscale', label: 'Upscale', estimate: later, items: [{ item: '1A' }, { item: '1B' }, { item: '2', estimate: later }] },
      ],
    })
    expect(shotList).toEqual([
      { item: '1A', estimatedUsd: 0, units: 0, unit: 'take', cached: 2, running: 0 },
      { item: '1B', estimatedUsd: 0.5, units: 2, unit: 'take', cached: 1, running: 1 },
      { item: '2', units: 2, unit: 'take', cached: 0, running: 2 },
    ])
  })
})

describe('a run under the pipeline\'s budget', () => {
  it('is refused, saying by how much, when its estimate passes what is left', () => {
    expect(budgetRefusal(4.2, { capUsd: 10, spentUsd: 8.2 })).toBe('This run could spend $4.20; the budget has $1.80 left — $2.40 over')
    expect(budgetRefusal(1.8, { capUsd: 10, spentUsd: 8.2 })).toBeUndefined()
    expect(budgetRefusal(0.5, { capUsd: 5, spentUsd: 6 })).toBe('This run could spend $0.50; the budget has $0.00 left — $0.50 over')
    expect(budgetRefusal(0, { capUsd: 5, spentUsd: 6 })).toBeUndefined()
    expect(budgetRefusal(1000, undefined)).toBeUndefined()
  })
})
