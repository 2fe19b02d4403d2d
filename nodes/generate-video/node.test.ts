import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext, type AssetRef, type PromptValue, type RunContext } from '../../src/engine'
import { animatic } from '../../src/providers/local/animatic'
import type { GenerationRequest } from '../../src/providers/provider'
import { estimateRun, formatCost, shotDuration } from './estimate'
import generateVideo, { takeSeed } from './node'

const prompt: PromptValue = {
  kind: 'prompt',
  text: 'A lighthouse at dawn. Camera: dolly in.',
  fields: { subject: 'a lighthouse', camera: 'dolly in', durationS: '30' },
}

describe('generate-video node', () => {
  it('has the params documents use, five animatic takes by default', () => {
    expect(Object.keys(generateVideo.params.shape)).toEqual(['provider', 'durationS', 'aspect', 'height', 'fps', 'seed', 'takes', 'comfyWorkflow'])
    expect(generateVideo.params.parse({})).toEqual({ provider: 'animatic', aspect: '16:9', height: 720, fps: 24, seed: 1, takes: 5 })
    expect(generateVideo.params.safeParse({ provider: 'nobody' }).success).toBe(false)
    expect(generateVideo.params.safeParse({ aspect: '4:3' }).success).toBe(false)
  })

  it('reads a ComfyUI workflow file before any take: a bad one is refused on the node, a good one keys the takes', async () => {
    const assets = new MemoryAssetStore()
    const file = (text: string, name: string) => assets.put(new Blob([text], { type: 'application/json' }), { kind: 'file', meta: { name } })
    const asked: Record<string, unknown>[] = []
    const ctx: RunContext = {
      ...standaloneContext({ assets }),
      memo: async (parts) => {
        asked.push(parts as Record<string, unknown>)
        throw new Error('stop before queueing')
      },
    }
    const params = generateVideo.params.parse({ provider: 'comfyui', durationS: 5 })
    const editorFormat = await file('{"nodes": [], "links": []}', 'wan.json')
    await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params: { ...params, comfyWorkflow: editorFormat }, ctx })).rejects.toThrow(
      "wan.json is a workflow as ComfyUI's editor saves it; Reelgraph needs the API format: in ComfyUI use File → Export (API).",
    )
    const workflow = await file(JSON.stringify({ 1: { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}}' } } }), 'mine.json')
    await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params: { ...params, comfyWorkflow: workflow }, ctx })).rejects.toThrow('stop before queueing')
    expect(asked[0]?.comfyWorkflow).toBe(workflow.hash)
    // On another provider the file does not change the takes.
    await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params: { ...params, provider: 'animatic', comfyWorkflow: workflow }, ctx })).rejects.toThrow('stop before queueing')
    expect(asked[1]).not.toHaveProperty('comfyWorkflow')
  })

  it('refuses a 30 s shot on the animatic (capped at 25 s) before any take is made, with the reason', async () => {
    const made: unknown[] = []
    const ctx: RunContext = {
      ...standaloneContext(),
      memo: async (parts) => {
        made.push(parts)
        throw new Error('no take should be asked for')
      },
    }
    const params = generateVideo.params.parse({})
    await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params, ctx })).rejects.toThrow(
      'Animatic (local previz): 30 s is longer than this provider makes (at most 25 s)',
    )
    await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params: { ...params, durationS: 4, height: 600 }, ctx })).rejects.toThrow(
      'this provider does not make 600p (it makes 480p, 720p, 1080p)',
    )
    expect(made).toEqual([])
  })

  it('sends the prompt’s character references with the linked ones, each once, and refuses more than the provider takes', async () => {
    const assets = new MemoryAssetStore()
    const stills: AssetRef[] = []
    for (let i = 0; i < 9; i++) stills.push(await assets.put(new Blob([new Uint8Array([i])], { type: 'image/png' }), { kind: 'image', meta: { role: 'character' } }))
    const asked: unknown[] = []
    const ctx: RunContext = {
      ...standaloneContext({ assets }),
      memo: async (parts) => {
        asked.push(parts)
        throw new Error('stop before rendering')
      },
    }
    const params = generateVideo.params.parse({ durationS: 4 })
    const cast: PromptValue = { ...prompt, references: stills.slice(0, 6) }
    // Six from the characters and three linked, one of them again: eight, as many as the animatic takes.
    const overlapping = { prompt: cast, references: [stills[5] as AssetRef, ...stills.slice(6, 8)] }
    await expect(generateVideo.run({ inputs: overlapping, params, ctx })).rejects.toThrow('stop before rendering')
    expect(asked).toHaveLength(1)
    await expect(generateVideo.run({ inputs: { prompt: cast, references: stills.slice(6, 9) }, params, ctx })).rejects.toThrow(
      'Animatic (local previz): 9 reference images are more than this provider takes (at most 8) (6 from the prompt’s characters, 3 linked into references)',
    )
    expect(asked).toHaveLength(1)
  })

  it('gives each take its own seed, the same for the same take', () => {
    const seeds = [0, 1, 2, 3, 4].map((index) => takeSeed(42, index))
    expect(new Set(seeds).size).toBe(5)
    expect(takeSeed(42, 3)).toBe(seeds[3])
    expect(seeds[0]).toBe(42)
  })
})

describe('what a run would cost', () => {
  const request: GenerationRequest = {
    prompt: { text: prompt.text, fields: prompt.fields },
    references: [],
    durationS: 8,
    aspect: '16:9',
    height: 720,
    fps: 24,
    seed: 1,
  }

  it('is free on the animatic, for every take, with the provider’s reason', () => {
    expect(estimateRun(animatic, request, 5)).toEqual({
      takes: 5,
      durationS: 8,
      perTake: { amount: 0, currency: 'USD', basis: 'rendered on this machine, offline' },
      total: 0,
    })
    expect(formatCost(0)).toBe('free')
    expect(formatCost(2.4)).toBe('about $2.40')
  })

  it('says before a run why the provider cannot make the shot', () => {
    expect(estimateRun(animatic, { ...request, durationS: 30 }, 5).refusal).toBe('30 s is longer than this provider makes (at most 25 s)')
  })

  it('takes the node’s duration, else the prompt’s, else 5 s', () => {
    expect(shotDuration(3, { durationS: '8' })).toBe(3)
    expect(shotDuration(undefined, { durationS: '8' })).toBe(8)
    expect(shotDuration(undefined, undefined)).toBe(5)
  })
})
