import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, offlineAccess, standaloneContext, type AssetRef, type RunContext } from '../../src/engine'
import { createTopaz } from '../../src/providers/topaz/topaz'
import { createRunwayUpscale } from '../../src/providers/runway/upscale'
import { ffmpegClip, remoteVia } from '../../test/contract/remote'
import { startTopazServer, TOPAZ_STORAGE_ORIGIN, TOPAZ_TEST_KEY, type TopazServer } from '../../test/contract/topaz-server'
import { startComfyServer, type ComfyServer } from '../../test/contract/comfyui-server'
import { COMFYUI_DEFAULT_URL } from '../../src/providers/comfyui/comfyui'
import { createComfyUpscale } from '../../src/providers/comfyui/upscale'
import { DEFAULT_UPSCALE_WORKFLOW } from '../../src/providers/comfyui/upscale-workflow'
import { cloudUpscale, estimateCloudUpscale } from './cloud'
import { resampleLanczos } from '../../src/media/resample/lanczos'
import { hasTransparency, premultiply, unpremultiply } from './alpha'
import { esrganScaleFor } from '../../src/media/ml/models'
import upscale from './node'
import { upscaledSize } from './size'

describe('upscaled size', () => {
  it('multiplies both sides by the scale', () => {
    expect(upscaledSize({ width: 640, height: 360 }, { scale: 2 }, true)).toEqual({ width: 1280, height: 720 })
    expect(upscaledSize({ width: 333, height: 101 }, { scale: 4 }, false)).toEqual({ width: 1332, height: 404 })
  })

  it('fits a box without stretching: a 4:3 shot in 3840×2160 touches the top and bottom', () => {
    expect(upscaledSize({ width: 1440, height: 1080 }, { width: 3840, height: 2160 }, true)).toEqual({ width: 2880, height: 2160 })
    expect(upscaledSize({ width: 1920, height: 1080 }, { width: 3840, height: 2160 }, true)).toEqual({ width: 3840, height: 2160 })
    expect(upscaledSize({ width: 2048, height: 858 }, { width: 3840, height: 2160 }, true)).toEqual({ width: 3840, height: 1608 })
  })

  it('gives a clip even sides, and a still the nearest whole pixel', () => {
    expect(upscaledSize({ width: 300, height: 199 }, { width: 1000, height: 1000 }, true)).toEqual({ width: 1000, height: 664 })
    expect(upscaledSize({ width: 300, height: 199 }, { width: 1000, height: 1000 }, false)).toEqual({ width: 1000, height: 663 })
  })
})

describe('upscale node', () => {
  it('defaults to Lanczos ×2 and takes only 2 or 4 as a scale', () => {
    expect(upscale.params.parse({})).toEqual({ method: 'lanczos', scale: 2 })
    expect(upscale.params.safeParse({ scale: 3 }).success).toBe(false)
  })

  it('refuses what is neither an image nor a clip, whichever the method', async () => {
    const ctx = {
      nodeId: 'up',
      signal: new AbortController().signal,
      progress: () => undefined,
      log: () => undefined,
      assets: { put: () => Promise.reject(new Error('not used')), get: () => Promise.reject(new Error('not used')), pin: () => Promise.reject(new Error('not used')) },
      memo: () => Promise.reject(new Error('not used')),
      remote: offlineAccess(),
      spend: () => undefined,
    }
    for (const method of ['lanczos', 'esrgan', 'runway', 'topaz']) {
      await expect(upscale.run({ inputs: { media: 'words' }, params: { method, scale: 2 }, ctx })).rejects.toThrow('Upscale works on an image or a clip, not on text.')
    }
  })

  it('runs ESRGAN at the least scale that reaches the size, Lanczos doing the rest', () => {
    expect(esrganScaleFor(2)).toBe(2)
    expect(esrganScaleFor(1.5)).toBe(2)
    expect(esrganScaleFor(2.01)).toBe(4)
    expect(esrganScaleFor(4)).toBe(4)
  })

  it('needs both sides of a target size, or neither', () => {
    expect(upscale.params.safeParse({ width: 3840, height: 2160 }).success).toBe(true)
    const half = upscale.params.safeParse({ width: 3840 })
    expect(half.success).toBe(false)
    expect(half.error?.issues[0]?.message).toMatch(/set both width and height/)
  })
})

describe('a still with transparency', () => {
  it('keeps a red shape on a transparent black ground red at its soft edge', () => {
    // Four pixels across: opaque red, opaque red, then transparent black twice.
    const pixels = new Uint8Array([255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(hasTransparency(pixels)).toBe(true)
    premultiply(pixels)
    const wider = resampleLanczos({ pixels, width: 4, height: 1 }, 8, 1)
    unpremultiply(wider)
    for (let at = 0; at < wider.length; at += 4) {
      if (wider[at + 3]! < 8) continue
      // Where anything shows, it is red: no dark fringe from the transparent pixels' black.
      expect(wider[at]!, `pixel ${at / 4}: ${[...wider.subarray(at, at + 4)]}`).toBeGreaterThan(240)
      expect(wider[at + 1]).toBeLessThan(8)
    }
  })

  it('leaves an opaque picture as it is', () => {
    expect(hasTransparency(new Uint8Array([1, 2, 3, 255]))).toBe(false)
  })
})

describe('cloud back ends', () => {
  let server: TopazServer
  let source: Buffer

  beforeAll(async () => {
    server = await startTopazServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
    source = ffmpegClip({ width: 640, height: 360, fps: 24, seconds: 1 })
  })
  afterAll(() => server.close())

  /** A run's context with Topaz's hosts routed to the contract server, recording what the node spends and says. */
  function cloudContext(jobs = new MemoryJobLedger()) {
    const remote = remoteVia(server.origin, ['api.topazlabs.com', new URL(TOPAZ_STORAGE_ORIGIN).host], { topaz: TOPAZ_TEST_KEY }, jobs)
    const spent: number[] = []
    const logs: string[] = []
    const assets = new MemoryAssetStore()
    const ctx: RunContext = { ...standaloneContext({ assets, remote }), spend: (amount) => void spent.push(amount), log: (message) => void logs.push(message) }
    return { ctx, spent, logs, assets, jobs }
  }

  it('keeps documents made before the cloud back ends valid, and takes Runway and Topaz as methods', () => {
    expect(upscale.params.parse({ method: 'esrgan', scale: 4 })).toEqual({ method: 'esrgan', scale: 4 })
    expect(upscale.params.parse({ method: 'topaz' })).toEqual({ method: 'topaz', scale: 2 })
    expect(upscale.params.safeParse({ method: 'magnific' }).success).toBe(false)
  })

  it('takes a slot of the chosen provider in the scheduler, and the CPU otherwise', () => {
    // Called as the scheduler calls it; the inputs do not matter to the upscale's slot.
    const slots = (params: Record<string, unknown>) => (upscale.resources as (params: Record<string, unknown>, inputs: Record<string, never>) => string[])(params, {})
    expect(slots({ method: 'topaz', scale: 2 })).toEqual(['provider:topaz'])
    expect(slots({ method: 'runway', scale: 2 })).toEqual(['provider:runway'])
    expect(slots({ method: 'lanczos', scale: 2 })).toEqual(['cpu'])
  })

  it('prices an upscale before it runs, and says why a back end cannot make it', () => {
    const clip = { width: 1920, height: 1080, fps: 24, frameCount: 192, durationS: 8, bytes: 12_000_000, mime: 'video/mp4' }
    const topaz = estimateCloudUpscale(createTopaz(offlineAccess()), clip, { width: 3840, height: 2160 })
    expect(topaz).toMatchObject({ made: { width: 3840, height: 2160 }, cost: { amount: 0.48, currency: 'USD' } })
    expect(topaz.refusal).toBeUndefined()
    expect(estimateCloudUpscale(createTopaz(offlineAccess()), clip, { scale: 4 }).refusal).toBeUndefined()
    const qhd = { ...clip, width: 2560, height: 1440 }
    expect(estimateCloudUpscale(createTopaz(offlineAccess()), qhd, { scale: 4 }).refusal).toBe('10240×5760 is larger than Topaz makes (at most 7680×4320)')
    const runway = estimateCloudUpscale(createRunwayUpscale(offlineAccess()), clip, { scale: 2 })
    expect(runway).toMatchObject({ made: { width: 3840, height: 2160 }, cost: { amount: 0.16 }, refusal: 'the clip is 11.4 MB and Runway takes at most 5.0 MB' })
  })

  it('upscales a clip on Topaz into the asset store, counts its price in the run, and pays once for a re-run', async () => {
    const { ctx, spent, logs, assets, jobs } = cloudContext()
    const clip: AssetRef = await assets.put(new Blob([new Uint8Array(source)], { type: 'video/mp4' }), { kind: 'video', meta: { name: 'shot 2', width: 640, height: 360 } })
    const before = server.accepts.length
    // The node's own path, with Topaz polled at once instead of every 10 s.
    const topaz = createTopaz(ctx.remote, { pollIntervalMs: 1, sleep: async () => {} })
    const media = await cloudUpscale(topaz, await assets.get(clip), clip, { scale: 2 }, ctx)
    expect(media).toMatchObject({ kind: 'video', meta: { name: 'shot 2', provider: 'topaz', width: 1280, height: 720, fps: 24 } })
    const stored = await assets.get(media)
    expect(stored.size).toBeGreaterThan(0)
    expect(media.meta.durationS).toBeCloseTo(1, 1)
    expect(spent).toHaveLength(1)
    expect(spent[0]).toBeCloseTo(0.06 * (1280 * 720) / (3840 * 2160))
    expect(logs[0]).toMatch(/^Topaz: 640×360 to 1280×720, about \$0\.01 \(/)
    expect(await jobs.pending()).toEqual([])
    await cloudUpscale(topaz, await assets.get(clip), clip, { scale: 2 }, ctx)
    expect(server.accepts.length - before).toBe(1)
    expect(spent).toHaveLength(1)
  })

  it('refuses before paying: a still, or a size no larger than the clip', async () => {
    const { ctx, spent, assets } = cloudContext()
    const still = await assets.put(new Blob([new Uint8Array([1])], { type: 'image/png' }), { kind: 'image', meta: {} })
    await expect(upscale.run({ inputs: { media: still }, params: upscale.params.parse({ method: 'runway' }), ctx })).rejects.toThrow('Runway upscales clips; for a still, choose Lanczos or ESRGAN.')
    const clip = await assets.put(new Blob([new Uint8Array(source)], { type: 'video/mp4' }), { kind: 'video', meta: {} })
    const before = server.creates.length
    const smaller = upscale.params.parse({ method: 'topaz', width: 320, height: 180 })
    await expect(upscale.run({ inputs: { media: clip }, params: smaller, ctx })).rejects.toThrow('Topaz: the clip is already 640×360, as large as asked: there is nothing to upscale')
    expect(server.creates.length).toBe(before)
    expect(spent).toEqual([])
  })
})

describe('on the person’s own ComfyUI servers', () => {
  let server: ComfyServer
  let source: Buffer

  beforeAll(async () => {
    server = await startComfyServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
    source = ffmpegClip({ width: 640, height: 360, fps: 24, seconds: 1 })
  })
  afterAll(() => server.close())

  function comfyContext() {
    const remote = remoteVia(server.origin, [new URL(COMFYUI_DEFAULT_URL).host], {}, new MemoryJobLedger())
    const assets = new MemoryAssetStore()
    const spent: number[] = []
    const ctx: RunContext = { ...standaloneContext({ assets, remote }), spend: (amount) => void spent.push(amount) }
    return { ctx, assets, spent }
  }

  it('is a method, in the same scheduler slot as ComfyUI’s takes', () => {
    expect(upscale.params.parse({ method: 'comfyui', scale: 4 })).toEqual({ method: 'comfyui', scale: 4 })
    const slots = (upscale.resources as (params: Record<string, unknown>, inputs: Record<string, never>) => string[])({ method: 'comfyui', scale: 2 }, {})
    expect(slots).toEqual(['provider:comfyui'])
  })

  it('asks no key, costs nothing, and shows a workflow of someone else’s (its custom node classes) to be agreed to before it is first sent', async () => {
    const { ctx, assets } = comfyContext()
    const clip = await assets.put(new Blob([new Uint8Array(source)], { type: 'video/mp4' }), { kind: 'video', meta: {} })
    const estimate = (params: Record<string, unknown>) => upscale.estimate!({ inputs: { media: clip }, pending: new Set(), params: upscale.params.parse(params), ctx })
    expect(await estimate({ method: 'comfyui' })).toMatchObject({ kind: 'priced', provider: 'comfyui', usd: 0 })
    const gift = { ...DEFAULT_UPSCALE_WORKFLOW, 8: { class_type: 'SUPIR_Upscale', inputs: { image: ['5', 0] } } }
    const file = await assets.put(new Blob([JSON.stringify(gift)], { type: 'application/json' }), { kind: 'file', meta: { name: 'supir.json' } })
    const withGift = await estimate({ method: 'comfyui', comfyWorkflow: file })
    expect(withGift).toMatchObject({ kind: 'priced', approval: { title: 'The ComfyUI workflow “supir.json”' } })
    expect(withGift.kind === 'priced' ? withGift.approval?.details[0] : undefined).toBe('Custom node classes (not part of ComfyUI itself): SUPIR_Upscale')
    const broken = await assets.put(new Blob(['{"nodes": [], "links": []}'], { type: 'application/json' }), { kind: 'file', meta: { name: 'editor.json' } })
    expect(await estimate({ method: 'comfyui', comfyWorkflow: broken })).toMatchObject({ kind: 'cannot-run', why: expect.stringContaining("editor.json is a workflow as ComfyUI's editor saves it") })
  })

  it('upscales a clip on ComfyUI into the asset store, once for a re-run, and again for another workflow', async () => {
    const { ctx, assets, spent } = comfyContext()
    const clip: AssetRef = await assets.put(new Blob([new Uint8Array(source)], { type: 'video/mp4' }), { kind: 'video', meta: { name: 'shot 2', width: 640, height: 360 } })
    const comfy = createComfyUpscale(ctx.remote, { pollIntervalMs: 1, sleep: async () => {} })
    const before = server.submits.length
    const media = await cloudUpscale(comfy, await assets.get(clip), clip, { scale: 2 }, ctx)
    expect(media).toMatchObject({ kind: 'video', meta: { name: 'shot 2', provider: 'comfyui', width: 1280, height: 720 } })
    expect(server.submits.at(-1)?.prompt['5']?.inputs).toMatchObject({ width: 1280, height: 720 })
    await cloudUpscale(comfy, await assets.get(clip), clip, { scale: 2 }, ctx)
    expect(server.submits.length - before).toBe(1)
    await cloudUpscale(comfy, await assets.get(clip), clip, { scale: 2 }, ctx, 'another-workflow-hash')
    expect(server.submits.length - before).toBe(2)
    expect(spent.every((amount) => amount === 0)).toBe(true)
  })
})
