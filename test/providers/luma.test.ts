import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore } from '../../src/engine'
import { createLuma } from '../../src/providers/luma/luma'
import { checkRequest, generate, type GenerationRequest } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import { LUMA_MEDIA_ORIGIN, LUMA_TEST_KEY, startLumaServer, type LumaServer } from '../contract/luma-server'
import { ffmpegClip, remoteVia } from '../contract/remote'
import { stopAtPoll } from '../contract/stop-at-poll'

const request: GenerationRequest = {
  prompt: { text: 'Wide shot: fog rolls over the harbour at dawn', fields: {} },
  references: [],
  durationS: 5,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 3,
}
const hosts = ['api.lumalabs.ai', new URL(LUMA_MEDIA_ORIGIN).host]
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }

describe('Luma adapter against the contract server', () => {
  let server: LumaServer
  beforeAll(async () => {
    server = await startLumaServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
  })
  afterAll(() => server.close())

  const luma = (keys: Record<string, string> = { luma: LUMA_TEST_KEY }, jobs = new MemoryJobLedger()) => {
    const remote = remoteVia(server.origin, hosts, keys, jobs)
    return { remote, provider: createLuma(remote, { pollIntervalMs: 1, sleep: async () => {} }) }
  }

  it('makes a take with Luma’s own spellings of duration and resolution, and downloads it', async () => {
    const { provider } = luma()
    const clip = await generate(provider, request)
    expect(server.creates.at(-1)).toEqual({ model: 'ray-2', prompt: request.prompt.text, aspect_ratio: '16:9', duration: '5s', resolution: '720p' })
    expect(clip).toMatchObject({ width: 1280, height: 720 })
  })

  it('refuses before paying what Luma cannot make: 6 s, or a reference image it could not reach', () => {
    const { provider } = luma()
    expect(checkRequest({ ...request, durationS: 6 }, provider.capabilities)).toBe('this provider makes only 5 s or 9 s clips, not 6 s')
    expect(checkRequest({ ...request, references: [{ image: new Blob(['x']) }] }, provider.capabilities)).toBe('this provider takes no reference images: unlink them, or choose a provider that does')
    expect(provider.estimateCost({ ...request, durationS: 9, height: 1080 }).amount).toBeCloseTo(1.59 * 1.8)
  })

  it('says a failed generation in a person’s words', async () => {
    const { provider } = luma()
    server.failNextWith('Prompt failed moderation: prohibited content')
    await expect(generate(provider, request)).rejects.toThrow('Luma could not make this take: Luma’s content policy refused this shot; change the prompt')
  })

  it('retries a create refused with 429 after the time asked, creating one generation', async () => {
    const waits: number[] = []
    const remote = remoteVia(server.origin, hosts, { luma: LUMA_TEST_KEY })
    const provider = createLuma(remote, { pollIntervalMs: 1, sleep: async (ms) => void waits.push(ms) })
    const before = server.creates.length
    server.throttleNext(1, 2)
    await generate(provider, request)
    expect(waits[0]).toBe(2000)
    expect(server.creates.length - before).toBe(1)
  })

  it('keeps a cancelled take recorded, since Luma cannot stop it, and lands it in the cache later', async () => {
    const jobs = new MemoryJobLedger()
    const { provider, remote } = luma(undefined, jobs)
    const before = server.creates.length
    await expect(stopAtPoll(provider, request, { jobs, key: 'wide-1', output }, { atPoll: 1, reason: 'cancelled by the person' })).rejects.toThrow('cancelled by the person')
    expect(await jobs.get('wide-1')).toMatchObject({ provider: 'luma', state: 'pending' })
    const results = new MemoryResultStore()
    const report = await resumePendingJobs(remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => luma(undefined, jobs).provider })
    expect(report.landed).toBe(1)
    expect(results.entries.get('wide-1')?.take).toMatchObject({ kind: 'video', meta: { width: 1280 } })
    expect(server.creates.length - before).toBe(1)
  })

  it('maps a refused key to a sentence, without the key', async () => {
    const message = await generate(luma({ luma: 'luma-wrong-key-123' }).provider, request).then(() => '', (error: Error) => error.message)
    expect(message).toBe('Luma refused the API key: check it in Settings → Provider keys.')
  })
})
