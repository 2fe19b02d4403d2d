import { describe, expect, it } from 'vitest'
import { spendSummary } from '../../src/document/provider-calls'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore, offlineAccess, type RemoteAccess } from '../../src/engine'
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
