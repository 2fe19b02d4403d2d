import { describe, expect, it } from 'vitest'
import { CURRENT_DOC_VERSION } from '../../src/graph'
import { estimateCloudUpscale } from '../../nodes/upscale/cloud'
import { providerCallsOf } from '../../src/app/provider-calls'
import type { PipelineDoc } from '../../src/graph'
import { upscaleProviderFor } from '../../src/providers/upscale-registry'
import { registry } from '../engine/shipped-registry'

const at = { x: 0, y: 0 }

/** A prompt, five 6 s takes at 720p, a picker, a grade, then an upscale on `method`. */
function shotThenUpscale(method: string): PipelineDoc {
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: 'finish',
    name: 'Finish',
    description: '',
    nodes: [
      { id: 'prompt', type: 'prompt', typeVersion: 1, position: at, params: { subject: 'a keeper', durationS: 6 } },
      { id: 'takes', type: 'generate-video', typeVersion: 1, position: at, params: { provider: 'animatic', takes: 5, height: 720 } },
      { id: 'pick', type: 'take-picker', typeVersion: 1, position: at, params: {} },
      { id: 'grade', type: 'color-grade', typeVersion: 1, position: at, params: {} },
      { id: 'up', type: 'upscale', typeVersion: 1, position: at, params: { method, scale: 2 } },
    ],
    edges: [
      { id: 'l1', from: { node: 'prompt', port: 'prompt' }, to: { node: 'takes', port: 'prompt' } },
      { id: 'l2', from: { node: 'takes', port: 'takes' }, to: { node: 'pick', port: 'takes' } },
      { id: 'l3', from: { node: 'pick', port: 'video' }, to: { node: 'grade', port: 'media' } },
      { id: 'l4', from: { node: 'grade', port: 'media' }, to: { node: 'up', port: 'media' } },
    ],
  }
}

describe('what a cloud upscale adds to a run’s cost', () => {
  it('prices the upscale for the take that reaches it, through the picker and the grade', () => {
    const calls = providerCallsOf(shotThenUpscale('topaz'), registry)
    const topaz = calls.find((call) => call.provider === 'topaz')
    const expected = estimateCloudUpscale(
      upscaleProviderFor('topaz'),
      { width: 1280, height: 720, durationS: 6, fps: 24, frameCount: 144, bytes: 0, mime: 'video/mp4' },
      { scale: 2 },
    ).cost.amount
    expect(expected).toBeGreaterThan(0)
    expect(topaz).toEqual({ provider: 'topaz', name: upscaleProviderFor('topaz').name, known: true, nodes: 1, takes: 1, estimatedUsd: expected })
  })

  it('adds nothing for an upscale on this machine', () => {
    expect(providerCallsOf(shotThenUpscale('lanczos'), registry).map((call) => call.provider)).toEqual(['animatic'])
  })
})
