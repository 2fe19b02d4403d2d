import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, standaloneContext, type AssetRef, type PromptValue, type RunContext } from '../../src/engine'
import { imageProviderFor } from '../../src/providers/image-registry'
import { FAL_MEDIA_ORIGIN, FAL_QUEUE_HOST, FAL_TEST_KEY, startFalServer, type FalServer } from '../../test/contract/fal-server'
import { withoutPollWaits } from '../../test/contract/poll-waits'
import { ffmpegClip, ffmpegPng, remoteVia } from '../../test/contract/remote'
import generateImage from './node'

const prompt: PromptValue = {
  kind: 'prompt',
  text: 'Mara on the ridge at dusk, wide, low sun behind her',
  fields: { subject: 'Mara', action: 'looks out over the valley', environment: 'a ridge at dusk' },
}

/** A context that records what was asked of the cache and what was spent. */
function recordingContext(options: Parameters<typeof standaloneContext>[0] = {}): RunContext & { memos: unknown[]; spent: number[] } {
  const base = standaloneContext(options)
  const memos: unknown[] = []
  const spent: number[] = []
  return { ...base, memos, spent, spend: (amount) => spent.push(amount), memo: (parts, make) => (memos.push(parts), base.memo(parts, make)) }
}

describe('generate-image node', () => {
  it('has the params documents use, the local storyboard by default', () => {
    expect(Object.keys(generateImage.params.shape)).toEqual(['provider', 'aspect', 'height', 'seed'])
    expect(generateImage.params.parse({})).toEqual({ provider: 'storyboard', aspect: '16:9', height: 720, seed: 1 })
    expect(generateImage.params.safeParse({ provider: 'midjourney' }).success).toBe(false)
    expect(generateImage.inputs.prompt?.type).toBe('prompt')
    expect(generateImage.outputs.image?.type).toBe('image')
  })

  it('is free on the local storyboard and priced on FLUX before a run, by what it is asked', () => {
    const request = { prompt: { text: prompt.text, fields: prompt.fields }, references: [], aspect: '16:9' as const, height: 1080, seed: 1 }
    expect(imageProviderFor('storyboard').estimateCost(request)).toEqual({ amount: 0, currency: 'USD', basis: 'drawn on this machine, offline' })
    expect(imageProviderFor('fal-flux').estimateCost(request).amount).toBeCloseTo(0.075)
    expect(imageProviderFor('fal-flux').estimateCost({ ...request, references: [{ image: new Blob() }] }).amount).toBeCloseTo(0.04)
  })

  it('refuses an impossible frame, an empty prompt or too many references before anything is made', async () => {
    const assets = new MemoryAssetStore()
    const stills: AssetRef[] = []
    for (let i = 0; i < 5; i++) stills.push(await assets.put(new Blob([new Uint8Array([i])], { type: 'image/png' }), { kind: 'image', meta: {} }))
    const ctx = recordingContext({ assets })
    const params = generateImage.params.parse({})
    await expect(generateImage.run({ inputs: { prompt, references: undefined }, params: { ...params, height: 600 }, ctx })).rejects.toThrow(
      'Storyboard (local): this provider does not make 600p (it makes 480p, 720p, 1080p)',
    )
    await expect(generateImage.run({ inputs: { prompt: { ...prompt, text: '  ' }, references: undefined }, params, ctx })).rejects.toThrow('the prompt is empty: describe the frame')
    await expect(generateImage.run({ inputs: { prompt, references: stills }, params: { ...params, provider: 'fal-flux' }, ctx })).rejects.toThrow(
      'FLUX on fal: 5 reference images are more than this provider takes (at most 4)',
    )
    expect(ctx.memos).toEqual([])
    expect(ctx.spent).toEqual([])
  })
})

describe('generate-image on FLUX through fal’s contract server', () => {
  let server: FalServer
  beforeAll(async () => {
    server = await startFalServer({ video: ffmpegClip({ width: 320, height: 180, fps: 24, seconds: 1 }), image: ffmpegPng(128, 72) })
  })
  afterAll(() => server.close())
  const hosts = [FAL_QUEUE_HOST, new URL(FAL_MEDIA_ORIGIN).host]

  it('sends the prompt’s character sheet to Kontext inline and stores the frame at its real size', async () => {
    const assets = new MemoryAssetStore()
    const sheet = await assets.put(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), { kind: 'image', meta: { name: 'Mara', role: 'character' } })
    const ctx = recordingContext({ assets, remote: remoteVia(server.origin, hosts, { fal: FAL_TEST_KEY }) })
    const before = server.submits.length
    const { image } = await withoutPollWaits(() => generateImage.run({ inputs: { prompt: { ...prompt, references: [sheet] }, references: undefined }, params: generateImage.params.parse({ provider: 'fal-flux', seed: 9 }), ctx }))
    expect(server.submits.slice(before)).toEqual([
      { model: 'fal-ai/flux-pro/kontext', input: { prompt: prompt.text, seed: 9, num_images: 1, output_format: 'png', aspect_ratio: '16:9', image_url: 'data:image/png;base64,iVBORw==' } },
    ])
    expect(image).toMatchObject({ kind: 'image', mime: 'image/png', meta: { width: 128, height: 72, provider: 'fal-flux', seed: 9 } })
    expect(ctx.spent).toEqual([0.04])
  })

  it('refuses a frame the safety checker blanked instead of storing it, and forgets its job', async () => {
    const jobs = new MemoryJobLedger()
    const ctx = recordingContext({ remote: remoteVia(server.origin, hosts, { fal: FAL_TEST_KEY }, jobs) })
    server.blankNextForSafety()
    await expect(withoutPollWaits(() => generateImage.run({ inputs: { prompt, references: undefined }, params: generateImage.params.parse({ provider: 'fal-flux', seed: 4 }), ctx }))).rejects.toThrow(
      'FLUX on fal could not make this take: fal.ai’s safety checker blanked this frame; change the prompt or the reference images',
    )
    expect(await jobs.pending()).toEqual([])
  })

  it('keeps a frame a runner has started when the run is cancelled, and the next run takes it without paying again', async () => {
    const jobs = new MemoryJobLedger()
    const remote = remoteVia(server.origin, hosts, { fal: FAL_TEST_KEY }, jobs)
    const cancelled = new AbortController()
    const fetch = remote.fetch
    remote.fetch = async (url, init) => {
      const answer = await fetch(url, init)
      if (url.includes('/status')) cancelled.abort(new Error('cancelled by the person'))
      return answer
    }
    const params = generateImage.params.parse({ provider: 'fal-flux' })
    const before = server.submits.length
    server.pollsInLine = 0
    try {
      await expect(generateImage.run({ inputs: { prompt, references: undefined }, params, ctx: recordingContext({ remote, signal: cancelled.signal }) })).rejects.toThrow(/cancelled by the person|aborted/)
      expect(await jobs.pending()).toMatchObject([{ provider: 'fal-flux', state: 'pending', output: { nodeType: 'generate-image', port: 'image' } }])
      remote.fetch = fetch
      const { image } = await generateImage.run({ inputs: { prompt, references: undefined }, params, ctx: recordingContext({ remote }) })
      expect(image).toMatchObject({ kind: 'image', meta: { width: 128, height: 72 } })
    } finally {
      server.pollsInLine = 1
    }
    expect(server.submits.length - before).toBe(1)
    expect(server.submits.at(-1)).toMatchObject({ model: 'fal-ai/flux/dev', input: { image_size: { width: 1280, height: 720 }, enable_safety_checker: true } })
    expect(await jobs.pending()).toEqual([])
  })
})
