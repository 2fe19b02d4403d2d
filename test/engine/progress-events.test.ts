import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { defineNode, MemoryAssetStore, MemoryResultStore, NodeRegistry, offlineAccess, port, runPipeline, type NodeEvent } from '../../src/engine'
import { doc, link, node } from './fixture-nodes'

/** Shots as a list, and a node making two takes of each, saying which take it is on. */
function registry() {
  const shots = defineNode({
    type: 'shot-numbers',
    version: 1,
    title: 'Shots',
    category: 'Test',
    inputs: {},
    outputs: { shots: port.list('number') },
    params: z.object({ shots: z.array(z.number()).default([]) }),
    run: async ({ params }) => ({ shots: params.shots }),
  })
  const takes = defineNode({
    type: 'two-takes',
    version: 1,
    title: 'Two takes',
    category: 'Test',
    inputs: { shot: port.number() },
    outputs: { made: port.number() },
    params: z.object({}),
    async run({ inputs, ctx }) {
      for (const at of [1, 2]) ctx.progress((at - 0.5) / 2, { unit: 'take', at, of: 2 })
      return { made: inputs.shot }
    },
  })
  return new NodeRegistry([shots, takes])
}

describe('progress events of a node that runs per item', () => {
  it('name the item, its own share and the piece it is on', async () => {
    const events: NodeEvent[] = []
    const pipeline = doc([node('shots', 'shot-numbers', { shots: [10, 20] }), node('takes', 'two-takes')], [link('shots.shots', 'takes.shot')])
    await runPipeline(pipeline, { registry: registry(), results: new MemoryResultStore(), assets: new MemoryAssetStore(), remote: offlineAccess() }, { onEvent: (event) => events.push(event) })
    const ticks = events.filter((event): event is Extract<NodeEvent, { status: 'running' }> => event.status === 'running' && event.nodeId === 'takes')
    expect(ticks.filter((tick) => tick.item === '1').map((tick) => [tick.itemProgress, tick.piece?.at])).toEqual([
      [0, undefined],
      [0.25, 1],
      [0.75, 2],
    ])
    expect(ticks.find((tick) => tick.item === '2' && tick.piece?.at === 2)).toMatchObject({ piece: { unit: 'take', at: 2, of: 2 }, itemProgress: 0.75 })
  })
})
