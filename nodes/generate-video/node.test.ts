import { describe, expect, it } from 'vitest'
import { canonicalJson, MemoryAssetStore, resourcesFor, standaloneContext, type AssetRef, type PromptValue, type RunContext } from '../../src/engine'
import { animatic } from '../../src/providers/local/animatic'
import type { GenerationRequest } from '../../src/providers/provider'
import { providerFor } from '../../src/providers/registry'
import { framingOf, routeRuleSchema } from '../../src/providers/route'
import { estimateRun, formatCost, shotDuration, shotRoute } from './estimate'
import generateVideo, { takeSeed } from './node'

const prompt: PromptValue = {
  kind: 'prompt',
  text: 'A lighthouse at dawn. Camera: dolly in.',
  fields: { subject: 'a lighthouse', camera: 'dolly in', durationS: '30' },
}

describe('generate-video node', () => {
  it('has the params documents use, five animatic takes by default', () => {
    expect(Object.keys(generateVideo.params.shape)).toEqual(['provider', 'route', 'durationS', 'aspect', 'height', 'fps', 'seed', 'takes', 'comfyWorkflow'])
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

  it('offers Veo and refuses a shot Veo cannot make before any take is submitted', async () => {
    expect(generateVideo.params.parse({ provider: 'veo' }).provider).toBe('veo')
    expect(generateVideo.params.parse({ provider: 'veo-fast' }).provider).toBe('veo-fast')
    const ctx: RunContext = { ...standaloneContext(), memo: async () => Promise.reject(new Error('no take should be asked for')) }
    const params = generateVideo.params.parse({ provider: 'veo', durationS: 6, height: 1080 })
    await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params, ctx })).rejects.toThrow('Veo 3.1: Veo 3.1 makes 1080p clips only 8 s long (at 720p: 4, 6 or 8 s)')
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

  it('prices Veo per second of every take', () => {
    expect(estimateRun(providerFor('veo'), request, 5)).toMatchObject({ total: 16, perTake: { amount: 3.2 } })
    expect(estimateRun(providerFor('veo-fast'), request, 5).total).toBeCloseTo(4)
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

describe('routing each shot to a provider by its framing and length', () => {
  /** Close-ups to Runway, anything of 8 s or more to Kling, the rest to the node's own provider. */
  const rules = routeRuleSchema.array().parse([
    { framing: 'close-up', provider: 'runway' },
    { framing: 'any', minDurationS: 8, provider: 'kling' },
  ])
  const shot = (camera: string, durationS = 5): PromptValue => ({ kind: 'prompt', text: `Camera: ${camera}.`, fields: { camera, durationS: String(durationS) } })

  it('reads the framing from the camera field as shot lists write it', () => {
    expect(framingOf('Close up, slow dolly in')).toBe('close-up')
    expect(framingOf('MCU, static')).toBe('close-up')
    expect(framingOf('medium close-up, handheld')).toBe('close-up')
    expect(framingOf('extreme wide, crane up')).toBe('wide')
    expect(framingOf('WS, truck left')).toBe('wide')
    expect(framingOf('medium wide, pan right')).toBe('medium')
    // A wide-angle lens is not a wide shot.
    expect(framingOf('wide-angle lens, medium shot, orbit')).toBe('medium')
    expect(framingOf('dolly in')).toBeUndefined()
  })

  it('takes the first rule the shot meets, else the node’s provider', () => {
    const settings = { provider: 'luma' as const, route: rules }
    expect(shotRoute(settings, shot('close-up, dolly in', 9))).toEqual({ provider: 'runway', framing: 'close-up', rule: 1 })
    expect(shotRoute(settings, shot('wide, crane up', 10))).toEqual({ provider: 'kling', framing: 'wide', rule: 2 })
    expect(shotRoute(settings, shot('wide, crane up', 5))).toEqual({ provider: 'luma', framing: 'wide' })
    // The node's own length counts, not the prompt's.
    expect(shotRoute({ ...settings, durationS: 8 }, shot('orbit', 5))).toEqual({ provider: 'kling', rule: 2 })
    expect(shotRoute({ provider: 'luma' }, shot('close-up'))).toEqual({ provider: 'luma', framing: 'close-up' })
  })

  it('queues the shot for the routed provider’s slot, and the animatic’s on this machine', () => {
    const params = generateVideo.params.parse({ route: rules })
    expect(resourcesFor(generateVideo, params, { prompt: shot('CU, static') })).toEqual(['provider:runway'])
    expect(resourcesFor(generateVideo, params, { prompt: shot('wide, static', 9) })).toEqual(['provider:kling'])
    expect(resourcesFor(generateVideo, params, { prompt: shot('wide, static') })).toEqual(['cpu'])
    expect(resourcesFor(generateVideo, generateVideo.params.parse({ provider: 'luma' }), {})).toEqual(['provider:luma'])
  })

  it('queues models that share an account for that account’s one slot, as its jobs-at-once setting is kept', () => {
    const slot = (provider: string) => resourcesFor(generateVideo, generateVideo.params.parse({ provider }), {})
    expect(slot('veo-fast')).toEqual(['provider:veo'])
    expect(slot('veo')).toEqual(['provider:veo'])
    expect(slot('fal-kling')).toEqual(['provider:fal'])
    expect(slot('fal-veo')).toEqual(['provider:fal'])
  })

  it('refuses what the routed provider cannot make before any take, naming the provider and the rule', async () => {
    const asked: unknown[] = []
    const ctx: RunContext = { ...standaloneContext(), memo: (parts) => Promise.reject(new Error(`asked for ${asked.push(parts)}`)) }
    // Luma makes only 5 or 9 s clips; the animatic would make this 7 s close-up.
    const params = generateVideo.params.parse({ route: [{ framing: 'close-up', provider: 'luma' }] })
    await expect(generateVideo.run({ inputs: { prompt: shot('close-up', 7), references: undefined }, params, ctx })).rejects.toThrow(
      'Luma (close-up, rule 1): this provider makes only 5 s or 9 s clips, not 7 s',
    )
    expect(asked).toEqual([])
  })

  it('keys each take by the provider that makes it: the same without rules as before, new when the route changes', async () => {
    const takeParts = async (params: Record<string, unknown>, prompt: PromptValue) => {
      const asked: Record<string, unknown>[] = []
      const ctx: RunContext = {
        ...standaloneContext(),
        memo: (parts) => {
          asked.push(parts)
          return Promise.reject(new Error('stop before rendering'))
        },
      }
      await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params: generateVideo.params.parse(params), ctx })).rejects.toThrow('stop')
      return canonicalJson(asked[0])
    }
    const closeUp = shot('close-up, dolly in')
    const plain = await takeParts({ provider: 'runway' }, closeUp)
    expect(JSON.parse(plain)).toEqual({ provider: 'runway', aspect: '16:9', height: 720, fps: 24, seed: 1, durationS: 5, take: 0 })
    // A rule that sends the shot where it went anyway, or one it does not meet, keeps its takes.
    expect(await takeParts({ provider: 'animatic', route: [{ framing: 'close-up', provider: 'runway' }] }, closeUp)).toBe(plain)
    expect(await takeParts({ provider: 'runway', route: [{ framing: 'wide', provider: 'kling' }] }, closeUp)).toBe(plain)
    // Routed elsewhere, it is another take.
    expect(await takeParts({ provider: 'runway', route: [{ framing: 'close-up', provider: 'kling' }] }, closeUp)).not.toBe(plain)
  })

  it('prices only the takes not in the cache yet, asked with the keys the run stores them under', async () => {
    const params = generateVideo.params.parse({ provider: 'veo', takes: 5 })
    const asked: string[] = []
    const estimateWith = (cached: number) =>
      generateVideo.estimate?.({
        inputs: { prompt: shot('wide', 4), references: [] },
        pending: new Set(),
        params,
        ctx: {
          assets: new MemoryAssetStore(),
          remote: { key: async () => 'a key' },
          memoized: async (parts) => {
            asked.push(canonicalJson(parts))
            return (parts.take as number) < cached
          },
        },
      })
    const every = await estimateWith(0)
    expect(every).toMatchObject({ kind: 'priced', units: 5 })
    expect(JSON.parse(asked[0] as string)).toEqual({ provider: 'veo', aspect: '16:9', height: 720, fps: 24, seed: 1, durationS: 4, take: 0 })
    const two = await estimateWith(3)
    expect(two).toMatchObject({ kind: 'priced', units: 2 })
    expect(two?.kind === 'priced' && every?.kind === 'priced' && two.usd / every.usd).toBeCloseTo(2 / 5)
    expect(await estimateWith(5)).toMatchObject({ kind: 'priced', units: 0, usd: 0 })
  })

})
