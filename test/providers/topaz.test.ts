import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore } from '../../src/engine'
import { generate, type GenerateOptions } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import { createTopaz } from '../../src/providers/topaz/topaz'
import type { UpscaleRequest } from '../../src/providers/upscale'
import { ffmpegClip, remoteVia } from '../contract/remote'
import { stopAtPoll } from '../contract/stop-at-poll'
import { startTopazServer, TOPAZ_STORAGE_ORIGIN, TOPAZ_TEST_KEY, type TopazServer } from '../contract/topaz-server'

const hosts = ['api.topazlabs.com', new URL(TOPAZ_STORAGE_ORIGIN).host]
const output = { nodeType: 'upscale', port: 'media', meta: { name: 'shot 3' } }
const noWait = async () => {}

describe('Topaz adapter against the contract server', () => {
  let server: TopazServer
  let request: UpscaleRequest

  beforeAll(async () => {
    server = await startTopazServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
    const source = ffmpegClip({ width: 640, height: 360, fps: 24, seconds: 1 })
    request = {
      clip: new Blob([new Uint8Array(source)], { type: 'video/mp4' }),
      source: { width: 640, height: 360, fps: 24, frameCount: 24, durationS: 1, bytes: source.length, mime: 'video/mp4' },
      target: { width: 1280, height: 720 },
    }
  })
  afterAll(() => server.close())

  const topaz = (keys: Record<string, string> = { topaz: TOPAZ_TEST_KEY }, jobs = new MemoryJobLedger()) => {
    const remote = remoteVia(server.origin, hosts, keys, jobs)
    return { remote, provider: createTopaz(remote, { pollIntervalMs: 1, sleep: noWait }) }
  }
  const upscale = (provider: ReturnType<typeof topaz>['provider'], options: GenerateOptions = {}) =>
    generate(provider, request, { noun: 'this upscale', ...options })

  it('creates, accepts, uploads and completes the request, follows it and downloads the upscale', async () => {
    const { provider, remote } = topaz()
    const before = { creates: server.creates.length, accepts: server.accepts.length }
    const progress: number[] = []
    const clip = await upscale(provider, { onProgress: (fraction) => progress.push(fraction) })
    expect(server.creates.slice(before.creates)).toEqual([
      {
        source: { container: 'mp4', size: request.source.bytes, duration: 1, frameRate: 24, frameCount: 24, resolution: { width: 640, height: 360 } },
        filters: [{ model: 'prob-4' }],
        output: { resolution: { width: 1280, height: 720 }, frameRate: 24, audioCodec: 'AAC', audioTransfer: 'Copy', videoEncoder: 'H264', container: 'mp4' },
      },
    ])
    expect(server.accepts.length - before.accepts).toBe(1)
    expect(remote.calls.filter((call) => call.startsWith('PUT videocloud.s3.amazonaws.com/'))).toHaveLength(1)
    expect(clip).toMatchObject({ width: 1280, height: 720, fps: 24, hasAudio: false })
    expect(progress).toEqual([0.6, 0.8, 0.8, 1])
  })

  it('says a failed upscale in a person’s words, not Topaz’s pipeline text', async () => {
    server.failNextWith('INVALID_INPUT')
    const message = await upscale(topaz().provider).then(() => 'made', (error: Error) => error.message)
    expect(message).toBe('Topaz could not make this upscale: Topaz could not read the clip; re-export it as H.264 in MP4')
  })

  it('cancels the request at Topaz when the run is cancelled', async () => {
    const before = server.deletes.length
    const controller = new AbortController()
    const running = upscale(topaz().provider, { signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled by the person')) })
    await expect(running).rejects.toThrow('cancelled by the person')
    expect(server.deletes.length - before).toBe(1)
  })

  it('waits as long as a 429 asks, and reserves credits exactly once', async () => {
    const waits: number[] = []
    const remote = remoteVia(server.origin, hosts, { topaz: TOPAZ_TEST_KEY })
    const provider = createTopaz(remote, { pollIntervalMs: 1, sleep: async (ms) => void waits.push(ms) })
    const before = { creates: server.creates.length, accepts: server.accepts.length }
    server.throttleNext(2, 3)
    await upscale(provider)
    expect(waits.slice(0, 2)).toEqual([3000, 3000])
    expect(server.creates.length - before.creates).toBe(1)
    expect(server.accepts.length - before.accepts).toBe(1)
  })

  it('says when the link to the upscale has expired instead of downloading an error page', async () => {
    const { remote, provider } = topaz()
    server.linkLifetimeMs = -1
    const failed = await upscale(provider).then(() => 'made', (error: Error) => error.message)
    server.linkLifetimeMs = 60_000
    expect(failed).toBe("Topaz's link to this upscale has expired (Topaz keeps results only for a few days); run the node again to make it anew.")
    expect(remote.calls.filter((call) => call.includes('/output.mp4'))).toHaveLength(0)
  })

  it('says the account is out of credit when the accept is refused, and uploads nothing', async () => {
    const { remote, provider } = topaz()
    server.refuseNextAccept()
    await expect(upscale(provider)).rejects.toThrow('Topaz says the account has too few credits for this: top it up on Topaz’s site.')
    expect(remote.calls.some((call) => call.startsWith('PUT'))).toBe(false)
  })

  it('picks up a request after a reload in the middle of polling, without a second accept', async () => {
    const jobs = new MemoryJobLedger()
    const before = { creates: server.creates.length, accepts: server.accepts.length }
    const closing = stopAtPoll(topaz(undefined, jobs).provider, request, { jobs, key: 'upscale-1', output }, { atPoll: 2, reason: 'the page was closed', pageClosed: true })
    await expect(closing).rejects.toThrow('the page was closed')
    expect(await jobs.get('upscale-1')).toMatchObject({ state: 'pending', provider: 'topaz' })

    const after = topaz(undefined, jobs)
    const results = new MemoryResultStore()
    const report = await resumePendingJobs(after.remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => after.provider })
    expect(report).toEqual({ landed: 1, problems: [] })
    expect(server.creates.length - before.creates).toBe(1)
    expect(server.accepts.length - before.accepts).toBe(1)
    expect(results.entries.get('upscale-1')?.media).toMatchObject({ kind: 'video', meta: { name: 'shot 3', width: 1280, height: 720 } })
    expect(await jobs.pending()).toEqual([])
  })

  /** Starts an upscale whose upload the closing page cuts off: that PUT and everything after it never reach Topaz. */
  async function cutOffDuringUpload(jobs: MemoryJobLedger, key: string): Promise<string> {
    const closing = remoteVia(server.origin, hosts, { topaz: TOPAZ_TEST_KEY }, jobs)
    let closed = false
    const fetchBeforeClosing = closing.fetch
    closing.fetch = async (url, init) => {
      if (closed || init?.method === 'PUT') {
        closed = true
        throw new TypeError('Failed to fetch')
      }
      return fetchBeforeClosing(url, init)
    }
    const cut = createTopaz(closing, { pollIntervalMs: 1, sleep: noWait })
    await expect(upscale(cut, { ledger: { jobs, key, output } })).rejects.toThrow('Failed to fetch')
    const requestId = server.accepts.at(-1) as string
    expect(await jobs.get(key)).toMatchObject({ state: 'submitting', provider: 'topaz', remoteId: requestId })
    return requestId
  }

  it('after a reload, cancels a request whose upload the closing page cut off, so its reserved credits return, and tells', async () => {
    const jobs = new MemoryJobLedger()
    const deletes = server.deletes.length
    const requestId = await cutOffDuringUpload(jobs, 'upscale-2')
    const after = topaz(undefined, jobs)
    const report = await resumePendingJobs(after.remote, { assets: new MemoryAssetStore(), results: new MemoryResultStore() }, { providerFor: () => after.provider })
    expect(report).toEqual({ landed: 0, problems: ['Topaz was still receiving a clip when the app closed; that request was cancelled (its reserved credits return): run the node again'] })
    expect(server.deletes.slice(deletes)).toEqual([requestId])
    expect(await jobs.pending()).toEqual([])
  })

  it('running again after an upload was cut off cancels the half-made request before making a new one', async () => {
    const jobs = new MemoryJobLedger()
    const deletes = server.deletes.length
    const requestId = await cutOffDuringUpload(jobs, 'upscale-3')
    const accepts = server.accepts.length
    const clip = await upscale(topaz(undefined, jobs).provider, { ledger: { jobs, key: 'upscale-3', output } })
    expect(clip).toMatchObject({ width: 1280, height: 720 })
    expect(server.deletes.slice(deletes)).toEqual([requestId])
    expect(server.accepts.length - accepts).toBe(1)
  })

  it('refuses a bad key without ever showing it, and asks for a key when there is none', async () => {
    const wrong = 'tpz_wrong_0a9b8c7d'
    const refused = await upscale(topaz({ topaz: wrong }).provider).then(() => 'made', (error: Error) => error.message)
    expect(refused).toBe('Topaz refused the API key: check it in Settings → Provider keys.')
    expect(refused).not.toContain(wrong)
    await expect(upscale(topaz({}).provider)).rejects.toThrow('Topaz needs an API key: add yours in Settings → Provider keys.')
  })
})
