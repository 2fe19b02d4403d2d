import { describe, expect, it } from 'vitest'
import { providerCallsOf } from '../../src/app/provider-calls'
import type { PipelineDoc } from '../../src/graph'
import { registry } from '../engine/shipped-registry'

/** A list of shot texts → one prompt per shot → two Runway takes per shot. */
function shots(texts: string[]): PipelineDoc {
  return {
    format: 'reelgraph',
    version: 1,
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
  it('counts every take of every item, once: takes × items × price', () => {
    const [one] = providerCallsOf(shots(['action: climbs']), registry)
    const [three] = providerCallsOf(shots(['action: climbs', 'action: falls', 'action: waves']), registry)
    expect(one).toMatchObject({ provider: 'runway', nodes: 1, takes: 2 })
    expect(three).toMatchObject({ provider: 'runway', nodes: 1, takes: 6 })
    expect(one?.estimatedUsd).toBeGreaterThan(0)
    expect(three?.estimatedUsd).toBeCloseTo((one?.estimatedUsd ?? 0) * 3, 6)
  })
})
