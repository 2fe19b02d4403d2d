import { describe, expect, it } from 'vitest'
import { estimateCloudUpscale, probedUpscale, sourceFromMeta } from '../../nodes/upscale/cloud'
import { spendSummary } from '../../src/document/spend-summary'
import { planRun } from '../../src/engine'
import type { PipelineDoc } from '../../src/graph'
import { upscaleProviderFor } from '../../src/providers/upscale-registry'
import { ffmpegClip } from '../contract/remote'
import { registry } from '../engine/shipped-registry'
import { memorySpendDeps } from './spend-kit'

const at = { x: 0, y: 0 }

/** A prompt, five 6 s takes at 720p, a picker, `trims` trims, then an upscale on `method`. */
function shotThenUpscale(method: string, trims = 1): PipelineDoc {
  const trimIds = Array.from({ length: trims }, (_, i) => `trim-${i}`)
  const chain = ['pick', ...trimIds, 'up']
  return {
    format: 'reelgraph',
    version: 1,
    id: 'finish',
    name: 'Finish',
    description: '',
    nodes: [
      { id: 'prompt', type: 'prompt', typeVersion: 1, position: at, params: { subject: 'a keeper', durationS: 6 } },
      { id: 'takes', type: 'generate-video', typeVersion: 1, position: at, params: { provider: 'animatic', takes: 5, height: 720 } },
      { id: 'pick', type: 'take-picker', typeVersion: 1, position: at, params: {} },
      ...trimIds.map((id) => ({ id, type: 'trim', typeVersion: 1, position: at, params: {} })),
      { id: 'up', type: 'upscale', typeVersion: 1, position: at, params: { method, scale: 2 } },
    ],
    edges: [
      { id: 'l1', from: { node: 'prompt', port: 'prompt' }, to: { node: 'takes', port: 'prompt' } },
      { id: 'l2', from: { node: 'takes', port: 'takes' }, to: { node: 'pick', port: 'takes' } },
      ...chain.slice(1).map((to, i) => ({ id: `c${i}`, from: { node: chain[i] as string, port: 'video' }, to: { node: to, port: to === 'up' ? 'media' : 'video' } })),
    ],
  }
}

describe('what a cloud upscale adds to a run’s cost', () => {
  it('is not priced while its clip is still to be made, however long the chain before it: the run asks', async () => {
    for (const trims of [1, 33]) {
      const summary = await spendSummary(shotThenUpscale('topaz', trims), memorySpendDeps(registry, { topaz: 'a key' }))
      expect(summary.unpriced.map((entry) => [entry.nodeId, entry.estimate.kind])).toEqual([['up', 'unpriced']])
    }
  })

  it('is priced on the clip that reaches it, probed from its bytes, not on what its label claims', async () => {
    const doc = shotThenUpscale('topaz')
    const deps = memorySpendDeps(registry, { topaz: 'a key' })
    // The trimmed clip is in the cache, its label claiming a tiny picture; the file is 1280×720, 2 s.
    const bytes = ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 2 })
    const clip = await deps.assets.put(new Blob([new Uint8Array(bytes)], { type: 'video/mp4' }), { kind: 'video', meta: { width: 64, height: 36, durationS: 0.1, fps: 24 } })
    const planned = planRun(doc, registry)
    if (!planned.ok) throw new Error('the document should plan')
    const trim = planned.plan.steps.find((step) => step.node.id === 'trim-0')
    await deps.results.put(trim?.cacheKey ?? '', { outputs: { video: clip } })

    const summary = await spendSummary(doc, deps)
    const topaz = upscaleProviderFor('topaz')
    const expected = (await probedUpscale(topaz, new Blob([new Uint8Array(bytes)]), { scale: 2 })).cost.amount
    const claimed = sourceFromMeta(clip)
    if (!claimed) throw new Error('the label should read as a clip')
    expect(expected).toBeGreaterThan(estimateCloudUpscale(topaz, claimed, { scale: 2 }).cost.amount)
    expect(summary.calls.find((call) => call.provider === 'topaz')).toEqual({ provider: 'topaz', name: upscaleProviderFor('topaz').name, nodes: 1, units: 1, unit: 'upscale', estimatedUsd: expected })
  })

  it('adds nothing for an upscale on this machine', async () => {
    const summary = await spendSummary(shotThenUpscale('lanczos'), memorySpendDeps(registry))
    expect(summary.calls.filter((call) => (call.estimatedUsd ?? 1) > 0)).toEqual([])
    expect(summary.unpriced).toEqual([])
  })
})
