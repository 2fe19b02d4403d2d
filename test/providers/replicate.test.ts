import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore } from '../../src/engine'
import { checkRequest, generate, type GenerationRequest } from '../../src/providers/provider'
import { createReplicate, progressOf } from '../../src/providers/replicate/replicate'
import { resumePendingJobs } from '../../src/providers/resume'
import { ffmpegClip, remoteVia } from '../contract/remote'
import { REPLICATE_MEDIA_ORIGIN, REPLICATE_TEST_KEY, startReplicateServer, type ReplicateServer } from '../contract/replicate-server'
import { stopAtPoll } from '../contract/stop-at-poll'

const request: GenerationRequest = {
  prompt: { text: 'Close-up: a violinist closes her eyes as the last note fades, slow push in', fields: {} },
  references: [],
  durationS: 5,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 11,
}
const hosts = ['api.replicate.com', new URL(REPLICATE_MEDIA_ORIGIN).host]
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }
const noWait = async () => {}

describe('Replicate adapter against the contract server', () => {
  let server: ReplicateServer
  beforeAll(async () => {
    server = await startReplicateServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
  })
  afterAll(() => server.close())

  const replicate = (keys: Record<string, string> = { replicate: REPLICATE_TEST_KEY }, jobs = new MemoryJobLedger()) => {
    const remote = remoteVia(server.origin, hosts, keys, jobs)
    return { remote, provider: createReplicate(remote, { pollIntervalMs: 1, sleep: noWait }) }
  }

  it('runs Seedance as an official model, follows its progress in the logs, and downloads the clip', async () => {
    const { provider, remote } = replicate()
    const before = server.creates.length
    const progress: number[] = []
    const clip = await generate(provider, request, { onProgress: (fraction) => progress.push(fraction) })
    expect(server.creates.slice(before)).toEqual([{ prompt: request.prompt.text, duration: 5, resolution: '720p', aspect_ratio: '16:9', fps: 24, seed: 11 }])
    expect(remote.calls[0]).toBe('POST api.replicate.com/v1/models/bytedance/seedance-1-lite/predictions')
    expect(progress).toEqual([0.4, 0.8, 1])
    expect(clip).toMatchObject({ width: 1280, height: 720, fps: 24, hasAudio: false })
  })

  it('reads the last progress bar a model printed', () => {
    expect(progressOf('Loading\n 12%|█▏        | 6/50\n 64%|██████▍   | 32/50')).toBe(0.64)
    expect(progressOf('Loading weights')).toBeUndefined()
    expect(progressOf(undefined)).toBeUndefined()
  })

  it('refuses before paying what Seedance cannot make, and prices a take by its frames', () => {
    const { provider } = replicate()
    const references = [{ image: new Blob(['x']) }]
    expect(checkRequest({ ...request, durationS: 13 }, provider.capabilities)).toBe('13 s is longer than this provider makes (at most 12 s)')
    expect(checkRequest({ ...request, durationS: 4.5 }, provider.capabilities)).toMatch(/^this provider makes only 2 s, 3 s, .* or 12 s clips, not 4.5 s$/)
    expect(checkRequest({ ...request, height: 1080, references }, provider.capabilities)).toBe(
      'Seedance takes reference images only at 480p or 720p: choose one of those, or unlink the references',
    )
    expect(checkRequest({ ...request, height: 1080 }, provider.capabilities)).toBeUndefined()
    // 1280 × 720 × 24 fps × 5 s / 1024 tokens at $1.80 a million.
    expect(provider.estimateCost(request).amount).toBeCloseTo(0.1944, 4)
  })

  it('sends a small reference image inline and uploads a large one first, as Replicate advises', async () => {
    const { provider } = replicate()
    const small = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })
    const large = new Blob([new Uint8Array(1024 * 1024 + 1)], { type: 'image/jpeg' })
    const uploadsBefore = server.uploads.length
    await generate(provider, { ...request, references: [{ image: small }, { image: large }] })
    expect(server.uploads.slice(uploadsBefore)).toEqual([{ name: 'reference.jpg', type: 'image/jpeg', size: 1024 * 1024 + 1 }])
    expect(server.creates.at(-1)?.reference_images).toEqual(['data:image/png;base64,iVBORw==', expect.stringMatching(/^https:\/\/api\.replicate\.com\/v1\/files\/file\d+$/)])
  })

  it('says a failed prediction in a person’s words', async () => {
    const { provider } = replicate()
    server.failNextWith('NSFW content detected. Try running it again, or try a different prompt.')
    await expect(generate(provider, request)).rejects.toThrow('Replicate could not make this take: the model’s content filter refused this shot; change the prompt or the reference images')
  })

  it('passes on what a 422 says about the input, and creates nothing', async () => {
    const { provider } = replicate()
    const before = server.creates.length
    await expect(generate(provider, { ...request, fps: 30 })).rejects.toThrow("Replicate refused the shot's settings: - input.fps: Input should be 24.")
    expect(server.creates.length).toBe(before)
  })

  it('retries a create refused with 429 after the time asked, creating one prediction', async () => {
    const waits: number[] = []
    const remote = remoteVia(server.origin, hosts, { replicate: REPLICATE_TEST_KEY })
    const provider = createReplicate(remote, { pollIntervalMs: 1, sleep: async (ms) => void waits.push(ms) })
    const before = server.creates.length
    server.throttleNext(1, 2)
    await generate(provider, request)
    expect(waits[0]).toBe(2000)
    expect(server.creates.length - before).toBe(1)
  })

  it('cancels the prediction on its cancel link when the run is cancelled, and forgets the job', async () => {
    const jobs = new MemoryJobLedger()
    const { provider } = replicate(undefined, jobs)
    const cancelsBefore = server.cancels.length
    await expect(stopAtPoll(provider, request, { jobs, key: 'close-1', output }, { atPoll: 3, reason: 'cancelled by the person' })).rejects.toThrow('cancelled by the person')
    expect(server.cancels.length - cancelsBefore).toBe(1)
    expect(await jobs.get('close-1')).toBeUndefined()
  })

  it('follows a prediction that was already finished when the create answered', async () => {
    const { provider } = replicate()
    const before = server.creates.length
    server.finishNextOnCreate()
    const clip = await generate(provider, request)
    expect(clip.width).toBe(1280)
    expect(server.creates.length - before).toBe(1)
  })

  it('says the clip was deleted when Replicate removed it before it was fetched', async () => {
    const { provider } = replicate()
    server.retentionMs = -1
    const message = await generate(provider, request).then(() => 'made', (error: Error) => error.message)
    server.retentionMs = 3_600_000
    expect(message).toBe("Replicate deletes a prediction's clip an hour after it is made, and this one was gone before it could be fetched; run the node again for a new take.")
  })

  it('picks up a prediction after a reload in the middle of polling, without a second create', async () => {
    const jobs = new MemoryJobLedger()
    const before = server.creates.length
    const closing = stopAtPoll(replicate(undefined, jobs).provider, request, { jobs, key: 'take-1', output }, { atPoll: 2, reason: 'the page was closed', pageClosed: true })
    await expect(closing).rejects.toThrow('the page was closed')
    expect(await jobs.get('take-1')).toMatchObject({ state: 'pending', provider: 'replicate' })

    // A new page: a new adapter that has never seen the prediction's links.
    const after = replicate(undefined, jobs)
    const results = new MemoryResultStore()
    const report = await resumePendingJobs(after.remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => after.provider })
    expect(report).toEqual({ landed: 1, problems: [] })
    expect(server.creates.length - before).toBe(1)
    expect(results.entries.get('take-1')?.take).toMatchObject({ kind: 'video', meta: { take: 1, width: 1280, height: 720 } })
    expect(await jobs.pending()).toEqual([])
  })

  it('refuses a bad token without ever showing it, and asks for a token when there is none', async () => {
    const wrong = 'r8_wrong_0a9b8c7d6e'
    const refused = await generate(replicate({ replicate: wrong }).provider, request).then(() => 'made', (error: Error) => error.message)
    expect(refused).toBe('Replicate refused the API key: check it in Settings → Provider keys.')
    expect(refused).not.toContain(wrong)
    await expect(generate(replicate({}).provider, request)).rejects.toThrow('Replicate needs an API token: add yours in Settings → Provider keys.')
  })
})
