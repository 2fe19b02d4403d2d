import { describe, expect, it } from 'vitest'
import { spendSummary } from '../../src/document/spend-summary'
import type { PipelineDoc } from '../../src/graph'
import { registry } from '../engine/shipped-registry'
import { memorySpendDeps } from './spend-kit'

describe('what a pipeline with routing rules would call', () => {
  it('prices a run at the routed providers before it starts', async () => {
    const prompt = (id: string, camera: string) => ({ id, type: 'prompt', typeVersion: 1, position: { x: 0, y: 0 }, params: { subject: 'a keeper', camera, durationS: 5 } })
    const generate = (id: string) => ({
      id,
      type: 'generate-video',
      typeVersion: 1,
      position: { x: 300, y: 0 },
      params: { provider: 'animatic', takes: 2, route: [{ framing: 'close-up', provider: 'runway' }] },
    })
    const doc: PipelineDoc = {
      format: 'reelgraph',
      version: 1,
      id: 'routed',
      name: 'Routed',
      description: '',
      nodes: [prompt('close-prompt', 'close-up, dolly in'), prompt('wide-prompt', 'wide, crane up'), generate('close'), generate('wide')],
      edges: [
        { id: 'l1', from: { node: 'close-prompt', port: 'prompt' }, to: { node: 'close', port: 'prompt' } },
        { id: 'l2', from: { node: 'wide-prompt', port: 'prompt' }, to: { node: 'wide', port: 'prompt' } },
      ],
    }
    const { calls } = await spendSummary(doc, memorySpendDeps(registry, { runway: 'a key' }))
    expect(calls.map((call) => [call.provider, call.units])).toEqual([
      ['runway', 2],
      ['animatic', 2],
    ])
    expect(calls[0]?.estimatedUsd).toBeGreaterThan(0)
  })
})
