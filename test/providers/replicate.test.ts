import { describe, expect, it } from 'vitest'
import { MemoryJobLedger } from '../../src/engine'
import { checkRequest, generate, type GenerationRequest } from '../../src/providers/provider'
import { createReplicate, progressOf } from '../../src/providers/replicate/replicate'
import { adapterKit, expectKeyRefusals, expectResumesAfterReload, expectWaitsOnThrottle, failureOnceExpired } from '../contract/adapter-kit'
import { ffmpegClip } from '../contract/remote'
import { REPLICATE_MEDIA_ORIGIN, REPLICATE_TEST_KEY, startReplicateServer } from '../contract/replicate-server'
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
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }

describe('Replicate adapter against the contract server', () => {
  const kit = adapterKit({
    start: () => startReplicateServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })),
    hosts: ['api.replicate.com', new URL(REPLICATE_MEDIA_ORIGIN).host],
    keys: { replicate: REPLICATE_TEST_KEY },
    make: createReplicate,
    paidCalls: (server) => [server.creates],
  })

  it('runs Seedance as an official model, follows its progress in the logs, and downloads the clip', async () => {
    const { provider, remote } = kit.adapter()
    const before = kit.server.creates.length
    const progress: number[] = []
    const clip = await generate(provider, request, { onProgress: (fraction) => progress.push(fraction) })
    expect(kit.server.creates.slice(before)).toEqual([{ prompt: request.prompt.text, duration: 5, resolution: '720p', aspect_ratio: '16:9', fps: 24, seed: 11 }])
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
    const { provider } = kit.adapter()
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
    const { provider } = kit.adapter()
    const small = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })
    const large = new Blob([new Uint8Array(1024 * 1024 + 1)], { type: 'image/jpeg' })
    const uploadsBefore = kit.server.uploads.length
    await generate(provider, { ...request, references: [{ image: small }, { image: large }] })
    expect(kit.server.uploads.slice(uploadsBefore)).toEqual([{ name: 'reference.jpg', type: 'image/jpeg', size: 1024 * 1024 + 1 }])
    expect(kit.server.creates.at(-1)?.reference_images).toEqual(['data:image/png;base64,iVBORw==', expect.stringMatching(/^https:\/\/api\.replicate\.com\/v1\/files\/file\d+$/)])
  })

  it('says a failed prediction in a person’s words', async () => {
    const { provider } = kit.adapter()
    kit.server.failNextWith('NSFW content detected. Try running it again, or try a different prompt.')
    await expect(generate(provider, request)).rejects.toThrow('Replicate could not make this take: the model’s content filter refused this shot; change the prompt or the reference images')
  })

  it('passes on what a 422 says about the input, and creates nothing', async () => {
    const { provider } = kit.adapter()
    const before = kit.server.creates.length
    await expect(generate(provider, { ...request, fps: 30 })).rejects.toThrow("Replicate refused the shot's settings: - input.fps: Input should be 24.")
    expect(kit.server.creates.length).toBe(before)
  })

  it('retries a create refused with 429 after the time asked, creating one prediction', () =>
    expectWaitsOnThrottle(kit, request, { throttle: (server) => server.throttleNext(1, 2), waits: [2000] }))

  it('cancels the prediction on its cancel link when the run is cancelled, and forgets the job', async () => {
    const jobs = new MemoryJobLedger()
    const { provider } = kit.adapter({ jobs })
    const cancelsBefore = kit.server.cancels.length
    await expect(stopAtPoll(provider, request, { jobs, key: 'close-1', output }, { atPoll: 3, reason: 'cancelled by the person' })).rejects.toThrow('cancelled by the person')
    expect(kit.server.cancels.length - cancelsBefore).toBe(1)
    expect(await jobs.get('close-1')).toBeUndefined()
  })

  it('follows a prediction that was already finished when the create answered', async () => {
    const { provider } = kit.adapter()
    const before = kit.server.creates.length
    kit.server.finishNextOnCreate()
    const clip = await generate(provider, request)
    expect(clip.width).toBe(1280)
    expect(kit.server.creates.length - before).toBe(1)
  })

  it('says the clip was deleted when Replicate removed it before it was fetched', async () => {
    const { provider } = kit.adapter()
    const message = await failureOnceExpired(kit.server, 'retentionMs', () => generate(provider, request))
    expect(message).toBe("Replicate deletes a prediction's clip an hour after it is made, and this one was gone before it could be fetched; run the node again for a new take.")
  })

  it('picks up a prediction after a reload in the middle of polling, without a second create', () =>
    // The new page's adapter has never seen the prediction's links.
    expectResumesAfterReload(kit, request, {
      key: 'take-1',
      output,
      pending: { provider: 'replicate' },
      landed: { take: { kind: 'video', meta: { take: 1, width: 1280, height: 720 } } },
    }))

  it('refuses a bad token without ever showing it, and asks for a token when there is none', () =>
    expectKeyRefusals(kit, request, {
      provider: 'replicate',
      wrongKey: 'r8_wrong_0a9b8c7d6e',
      refused: 'Replicate refused the API key: check it in File → Provider keys.',
      missing: 'Replicate needs an API token: add yours in File → Provider keys.',
    }))
})
