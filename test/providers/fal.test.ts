import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore } from '../../src/engine'
import { createFalKling, createFalVeo } from '../../src/providers/fal/fal'
import { falQueue, progressIn } from '../../src/providers/fal/queue'
import { checkRequest, generate, type GenerationRequest } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import { adapterKit, expectKeyRefusals, expectResumesAfterReload, expectWaitsOnThrottle, failureOf, failureOnceExpired } from '../contract/adapter-kit'
import { FAL_MEDIA_ORIGIN, FAL_QUEUE_HOST, FAL_TEST_KEY, startFalServer } from '../contract/fal-server'
import { ffmpegClip, ffmpegPng } from '../contract/remote'

const request: GenerationRequest = {
  prompt: { text: 'A ferry leaves the harbour at dusk, slow truck left', fields: {} },
  references: [],
  durationS: 8,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 5,
}
const storyboardFrame = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }

describe('fal adapters against the contract server', () => {
  const kit = adapterKit({
    start: () => startFalServer({ video: ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }), image: ffmpegPng(64, 36) }),
    hosts: [FAL_QUEUE_HOST, new URL(FAL_MEDIA_ORIGIN).host],
    keys: { fal: FAL_TEST_KEY },
    make: createFalVeo,
    paidCalls: (server) => [server.submits],
  })

  it('makes a Veo take through the queue: one submit, progress from the logs, the clip downloaded', async () => {
    const { provider } = kit.adapter()
    const before = kit.server.submits.length
    const progress: number[] = []
    const clip = await generate(provider, request, { onProgress: (fraction) => progress.push(fraction) })
    expect(kit.server.submits.slice(before)).toEqual([
      { model: 'fal-ai/veo3.1', input: { prompt: request.prompt.text, aspect_ratio: '16:9', duration: '8s', resolution: '720p', generate_audio: true } },
    ])
    expect(progress).toEqual([0.4, 0.8, 1])
    expect(clip).toMatchObject({ width: 1280, height: 720, fps: 24 })
    expect(provider.estimateCost(request)).toMatchObject({ amount: 3.2, basis: 'Veo 3.1 with sound: $0.40 per second × 8 s (fal list price, 2026)' })
  })

  it('starts a Kling take on its reference image, sent inline as a data URI, and refuses one without a picture before paying', async () => {
    const provider = createFalKling(kit.adapter().remote, { pollIntervalMs: 1, sleep: async () => {} })
    const shot = { ...request, durationS: 10, height: 1080, references: [{ image: storyboardFrame }] }
    await generate(provider, shot)
    expect(kit.server.submits.at(-1)).toEqual({
      model: 'fal-ai/kling-video/v2.1/pro/image-to-video',
      input: { prompt: request.prompt.text, image_url: 'data:image/png;base64,iVBORw==', duration: '10' },
    })
    expect(provider.estimateCost(shot).amount).toBeCloseTo(0.49 + 5 * 0.098)
    expect(checkRequest({ ...shot, references: [] }, provider.capabilities)).toBe('this provider makes a clip from a picture: link a reference image (a storyboard frame, say)')
    expect(checkRequest({ ...shot, durationS: 8 }, provider.capabilities)).toBe('this provider makes only 5 s or 10 s clips, not 8 s')
    await expect(generate(provider, { ...shot, references: [{ image: new Blob(['GIF89a'], { type: 'image/gif' }) }] })).rejects.toThrow('fal.ai takes reference images as PNG, JPEG or WebP, not image/gif.')
  })

  it('says a request the model refused after COMPLETED in a person’s words, and forgets the job', async () => {
    const jobs = new MemoryJobLedger()
    const { provider } = kit.adapter({ jobs })
    kit.server.refuseNextForContent()
    await expect(generate(provider, request, { ledger: { jobs, key: 'refused', output } })).rejects.toThrow(
      'Veo 3.1 on fal could not make this take: fal.ai’s content checker refused this; change the prompt or the reference image.',
    )
    expect(await jobs.get('refused')).toBeUndefined()
  })

  it('reads a 422 answer’s field errors', async () => {
    const { remote } = kit.adapter()
    const queue = falQueue(remote, { sleep: async () => {} })
    const id = await queue.submit('fal-ai/veo3.1', { prompt: 'a ferry', duration: '5s' })
    while ((await queue.status(id)).state !== 'COMPLETED');
    await expect(queue.result(id)).rejects.toThrow('fal.ai refused the request’s input (check duration).')
  })

  it('cancels a take still waiting in line, and keeps one a runner has started so its clip still lands', async () => {
    const jobs = new MemoryJobLedger()
    const { provider, remote } = kit.adapter({ jobs })
    const inLine = new AbortController()
    const poll = provider.poll.bind(provider)
    provider.poll = async (id, signal) => {
      const status = await poll(id, signal)
      inLine.abort(new Error('cancelled by the person'))
      return status
    }
    await expect(generate(provider, request, { signal: inLine.signal, ledger: { jobs, key: 'in-line', output } })).rejects.toThrow('cancelled by the person')
    expect(kit.server.cancels).toHaveLength(1)
    expect(await jobs.get('in-line')).toBeUndefined()

    const started = new AbortController()
    const before = kit.server.submits.length
    provider.poll = async (id, signal) => {
      const status = await poll(id, signal)
      if (status.state === 'running') started.abort(new Error('cancelled by the person'))
      return status
    }
    await expect(generate(provider, request, { signal: started.signal, ledger: { jobs, key: 'started', output } })).rejects.toThrow('cancelled by the person')
    expect(kit.server.cancels).toHaveLength(1)
    expect(await jobs.get('started')).toMatchObject({ provider: 'fal-veo', state: 'pending' })
    const results = new MemoryResultStore()
    const report = await resumePendingJobs(remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => kit.adapter({ jobs }).provider })
    expect(report).toEqual({ landed: 1, problems: [] })
    expect(results.entries.get('started')?.take).toMatchObject({ kind: 'video', meta: { width: 1280 } })
    expect(kit.server.submits.length - before).toBe(1)
  })

  it('waits as long as a 429 asks before submitting, and submits once', () =>
    expectWaitsOnThrottle(kit, request, { throttle: (server) => server.throttleNext(2, 3), waits: [3000, 3000] }))

  it('says an expired fal.media link plainly, and lets a re-run pay for a new take instead of following a dead one', async () => {
    const jobs = new MemoryJobLedger()
    const { provider } = kit.adapter({ jobs })
    const failed = await failureOnceExpired(kit.server, 'linkLifetimeMs', () => generate(provider, request, { ledger: { jobs, key: 'late', output } }))
    expect(failed).toBe('fal.ai’s link to the result expired before it could be downloaded; run the node again to make it anew.')
    expect(await jobs.get('late')).toBeUndefined()
  })

  it('picks up a take after a reload in the middle of polling, without a second submit', () =>
    expectResumesAfterReload(kit, request, {
      key: 'take-1',
      output,
      pending: { provider: 'fal-veo', remoteId: expect.stringMatching(/^https:\/\/queue\.fal\.run\/fal-ai\/veo3\.1\/requests\//) },
      landed: { take: { kind: 'video', meta: { take: 1, width: 1280, height: 720 } } },
    }))

  it('refuses a bad key and an exhausted balance without ever showing the key', async () => {
    const refused = await expectKeyRefusals(kit, request, {
      provider: 'fal',
      wrongKey: 'c0ffee12-0000-0000-0000-000000000000:wrongsecret',
      refused: 'fal.ai refused the API key: check it in File → Provider keys.',
      missing: 'fal.ai needs an API key: add yours in File → Provider keys.',
    })
    kit.server.balanceExhausted = true
    const broke = await failureOf(generate(kit.adapter().provider, request))
    kit.server.balanceExhausted = false
    expect(broke).toBe('fal.ai says the account is out of credit: top it up on fal.ai’s billing page.')
    expect(`${refused} ${broke}`).not.toContain('wrongsecret')
  })

  it('reads progress from the last percentage a model logged', () => {
    expect(progressIn([{ message: 'Loading' }, { message: ' 35%|███▌      | 7/20' }, { message: 'step done' }])).toBe(0.35)
    expect(progressIn([{ message: 'Loading' }])).toBeUndefined()
  })
})
