import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryJobLedger, MemoryAssetStore, MemoryResultStore } from '../../src/engine'
import { generate, type GenerationRequest } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import { createRunway } from '../../src/providers/runway/runway'
import { ffmpegClip, remoteVia } from '../contract/remote'
import { stopAtPoll } from '../contract/stop-at-poll'
import { RUNWAY_MEDIA_ORIGIN, RUNWAY_TEST_KEY, startRunwayServer, type RunwayServer } from '../contract/runway-server'

const request: GenerationRequest = {
  prompt: { text: 'A lighthouse keeper climbs the stairs at dusk, slow dolly in', fields: { subject: 'lighthouse keeper' } },
  references: [],
  durationS: 5,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 42,
}
const hosts = ['api.dev.runwayml.com', new URL(RUNWAY_MEDIA_ORIGIN).host]
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }
const noWait = async () => {}

describe('Runway adapter against the contract server', () => {
  let server: RunwayServer

  beforeAll(async () => {
    server = await startRunwayServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 2 }))
  })
  afterAll(() => server.close())

  const runway = (keys: Record<string, string> = { runway: RUNWAY_TEST_KEY }, jobs = new MemoryJobLedger()) => {
    const remote = remoteVia(server.origin, hosts, keys, jobs)
    return { remote, provider: createRunway(remote, { pollIntervalMs: 1, sleep: noWait }) }
  }

  it('makes a text-to-video take on gen4.5, follows it through its states, and downloads the clip', async () => {
    const { provider } = runway()
    const before = server.creates.length
    const progress: number[] = []
    const clip = await generate(provider, request, { onProgress: (fraction) => progress.push(fraction) })
    expect(server.creates.slice(before)).toEqual([{ model: 'gen4.5', ratio: '1280:720', promptText: request.prompt.text, duration: 5, seed: 42 }])
    expect(clip).toMatchObject({ width: 1280, height: 720, fps: 24, hasAudio: false })
    expect(clip.durationS).toBeCloseTo(2, 1)
    expect(progress).toEqual([0.4, 0.8, 1])
  })

  it('sends a reference image inline for image-to-video on gen4_turbo', async () => {
    const { provider } = runway()
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })
    await generate(provider, { ...request, references: [{ image: png }], aspect: '9:16' })
    expect(server.creates.at(-1)).toMatchObject({ model: 'gen4_turbo', ratio: '720:1280', promptImage: 'data:image/png;base64,iVBORw==' })
  })

  it('says a content-policy refusal in a person’s words, not Runway’s internal text', async () => {
    const { provider } = runway()
    server.failNextWith('SAFETY.INPUT.TEXT')
    const message = await generate(provider, request).then(() => 'made', (error: Error) => error.message)
    expect(message).toBe('Runway could not make this take: Runway’s content policy refused this shot; change the prompt or the reference image')
  })

  it('waits as long as a 429 asks before creating, and creates exactly one task', async () => {
    const waits: number[] = []
    const remote = remoteVia(server.origin, hosts, { runway: RUNWAY_TEST_KEY })
    const provider = createRunway(remote, { pollIntervalMs: 1, sleep: async (ms) => void waits.push(ms) })
    const before = server.creates.length
    server.throttleNext(2, 3)
    await generate(provider, request)
    expect(waits.slice(0, 2)).toEqual([3000, 3000])
    expect(server.creates.length - before).toBe(1)
  })

  it('cancels the task at Runway when the run is cancelled', async () => {
    const { provider } = runway()
    const controller = new AbortController()
    const running = generate(provider, request, {
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('cancelled by the person')),
    })
    await expect(running).rejects.toThrow('cancelled by the person')
    expect(server.deletes).toHaveLength(1)
  })

  it('asks the task again for a fresh link when the first has expired', async () => {
    const { remote, provider } = runway()
    server.linkLifetimeMs = -1
    const failed = await generate(provider, request).then(() => 'made', (error: Error) => error.message)
    server.linkLifetimeMs = 60_000
    expect(failed).toContain('links to this take keep expiring')
    expect(remote.calls.filter((call) => call.includes('/outputs/'))).toHaveLength(2)
  })

  it('picks up a job after a reload in the middle of polling, without a second create', async () => {
    const jobs = new MemoryJobLedger()
    const before = server.creates.length
    // The page goes away after the second poll: the job is in the ledger, its clip is not fetched.
    const closing = stopAtPoll(runway(undefined, jobs).provider, request, { jobs, key: 'take-1', output }, { atPoll: 2, reason: 'the page was closed', pageClosed: true })
    await expect(closing).rejects.toThrow('the page was closed')
    expect(await jobs.get('take-1')).toMatchObject({ state: 'pending', provider: 'runway' })

    const after = runway(undefined, jobs)
    const assets = new MemoryAssetStore()
    const results = new MemoryResultStore()
    const report = await resumePendingJobs(after.remote, { assets, results }, { providerFor: () => after.provider })
    expect(report).toEqual({ landed: 1, problems: [] })
    expect(server.creates.length - before).toBe(1)
    const stored = results.entries.get('take-1')
    expect(stored?.take).toMatchObject({ kind: 'video', meta: { take: 1, width: 1280, height: 720 } })
    expect(await jobs.pending()).toEqual([])
  })

  it('refuses a bad key without ever showing it, and asks for a key when there is none', async () => {
    const wrong = 'key_wrong_9a8b7c6d5e'
    const refused = await generate(runway({ runway: wrong }).provider, request).then(() => 'made', (error: Error) => error.message)
    expect(refused).toBe('Runway refused the API key: check it in Settings → Provider keys.')
    expect(refused).not.toContain(wrong)
    await expect(generate(runway({}).provider, request)).rejects.toThrow('Runway needs an API key: add yours in Settings → Provider keys.')
  })
})
