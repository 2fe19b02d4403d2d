import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryResultStore, runPipeline, type PromptValue, type RunRecord } from '../../src/engine'
import type { PipelineDoc } from '../../src/graph'
import { registry } from './shipped-registry'

/** A shot list into a prompt's `shot` input: one prompt per shot, each item keyed and cached by the shot's id. */
function film(rows: Record<string, unknown>[]): PipelineDoc {
  return {
    format: 'reelgraph',
    version: 1,
    id: 'film',
    name: 'Film',
    description: '',
    nodes: [
      { id: 'shots', type: 'shot-list', typeVersion: 1, position: { x: 0, y: 0 }, params: { rows } },
      { id: 'prompt', type: 'prompt', typeVersion: 1, position: { x: 300, y: 0 }, params: { style: '35 mm film' } },
    ],
    edges: [{ id: 'e', from: { node: 'shots', port: 'shots' }, to: { node: 'prompt', port: 'shot' } }],
  }
}

const ROWS = [
  { id: '1A', subject: 'Mara', action: 'climbs the ridge', camera: 'crane up' },
  { id: '1B', subject: 'Mara', action: 'turns to the sea', camera: 'dolly in', durationS: 6, keyMomentS: 4.5 },
  { id: '2A', scene: '2', subject: 'Tom', action: 'lights a candle', camera: 'static' },
]

function itemStatuses(record: RunRecord): Record<string, string> {
  return Object.fromEntries(Object.entries(record.nodes.prompt?.items ?? {}).map(([key, item]) => [key, item.status]))
}

describe('a shot list through a prompt', () => {
  it('makes one prompt per shot, keyed by shot id; moving rows re-runs nothing, editing one shot re-runs only its prompt', async () => {
    const deps = { registry, results: new MemoryResultStore(), assets: new MemoryAssetStore() }
    const prompts: PromptValue[][] = []
    const onEvent = (event: { nodeId: string; status: string; outputs?: Record<string, unknown> }) => {
      if (event.nodeId === 'prompt' && event.status === 'done') prompts.push(event.outputs?.prompt as PromptValue[])
    }
    const first = await runPipeline(film(ROWS), deps, { onEvent })
    expect(first.status).toBe('done')
    expect(itemStatuses(first)).toEqual({ '1A': 'done', '1B': 'done', '2A': 'done' })
    expect(prompts[0]?.map((prompt) => prompt.text)).toEqual([
      'Mara climbs the ridge. Camera: crane up. Style: 35 mm film.',
      'Mara. Camera: dolly in; at 4.5 s Mara turns to the sea. Style: 35 mm film.',
      'Tom lights a candle. Camera: static. Style: 35 mm film.',
    ])

    const moved = await runPipeline(film([ROWS[2], ROWS[0], ROWS[1]] as Record<string, unknown>[]), deps)
    expect(itemStatuses(moved)).toEqual({ '2A': 'cached', '1A': 'cached', '1B': 'cached' })

    const edited = await runPipeline(film([ROWS[0], { ...ROWS[1], action: 'turns away from the sea' }, ROWS[2]] as Record<string, unknown>[]), deps)
    expect(itemStatuses(edited)).toEqual({ '1A': 'cached', '1B': 'done', '2A': 'cached' })
  })
})
