import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore } from '../../src/engine'
import { generate, type GenerateOptions } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import { createRunwayUpscale } from '../../src/providers/runway/upscale'
import { checkUpscale, type UpscaleRequest } from '../../src/providers/upscale'
import { ffmpegClip, remoteVia } from '../contract/remote'
import { stopAtPoll } from '../contract/stop-at-poll'
import { RUNWAY_MEDIA_ORIGIN, RUNWAY_TEST_KEY, startRunwayServer, type RunwayServer } from '../contract/runway-server'

const hosts = ['api.dev.runwayml.com', new URL(RUNWAY_MEDIA_ORIGIN).host]
const output = { nodeType: 'upscale', port: 'media', meta: { name: 'shot 1' } }
const noWait = async () => {}

describe('Runway video upscale against the contract server', () => {
  let server: RunwayServer
  let request: UpscaleRequest
  let sourceBytes: Buffer

  beforeAll(async () => {
    server = await startRunwayServer(ffmpegClip({ width: 320, height: 180, fps: 24, seconds: 1 }), ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
    sourceBytes = ffmpegClip({ width: 640, height: 360, fps: 24, seconds: 1 })
    request = {
      clip: new Blob([new Uint8Array(sourceBytes)], { type: 'video/mp4' }),
      source: { width: 640, height: 360, fps: 24, frameCount: 24, durationS: 1, bytes: sourceBytes.length, mime: 'video/mp4' },
      target: { width: 1280, height: 720 },
    }
  })
  afterAll(() => server.close())

  const runway = (jobs = new MemoryJobLedger()) => {
    const remote = remoteVia(server.origin, hosts, { runway: RUNWAY_TEST_KEY }, jobs)
    return { remote, provider: createRunwayUpscale(remote, { pollIntervalMs: 1, sleep: noWait }) }
  }
  const upscale = (provider: ReturnType<typeof runway>['provider'], options: GenerateOptions = {}) =>
    generate(provider, request, { noun: 'this upscale', ...options })

  it('sends the clip inline at the resolution class that reaches the size, and downloads the upscale', async () => {
    const before = server.creates.length
    const clip = await upscale(runway().provider)
    expect(server.creates.slice(before)).toEqual([
      { model: 'magnific_video_upscaler_creative', videoUri: `data:video/mp4;base64,${sourceBytes.toString('base64')}`, resolution: '720p' },
    ])
    expect(clip).toMatchObject({ width: 1280, height: 720 })
  })

  it('makes Runway’s own sizes by the long side: ×2 of 1280×720 is its 2k, 2560×1440', () => {
    const { provider } = runway()
    expect(provider.outputSize({ width: 1280, height: 720 }, { width: 2560, height: 1440 })).toEqual({ width: 2560, height: 1440 })
    expect(provider.outputSize({ width: 1080, height: 1920 }, { width: 2000, height: 3556 })).toEqual({ width: 2160, height: 3840 })
  })

  it('refuses a clip over 5 MB, or past 4K, before anything is paid', () => {
    const { provider } = runway()
    const big = { ...request.source, bytes: 6 * 1024 * 1024 }
    expect(checkUpscale({ source: big, target: request.target }, provider)).toBe('the clip is 6.0 MB and Runway takes at most 5.0 MB')
    const uhd = { ...request.source, width: 3840, height: 2160 }
    expect(checkUpscale({ source: uhd, target: { width: 7680, height: 4320 } }, provider)).toBe('the clip is already 3840×2160, as large as asked: there is nothing to upscale')
  })

  it('says a failed upscale by its failure code, in words about the clip', async () => {
    server.failNextWith('INTERNAL.BAD_OUTPUT')
    const message = await upscale(runway().provider).then(() => 'made', (error: Error) => error.message)
    expect(message).toBe('Runway could not make this upscale: Runway failed on its side; run again')
    server.failNextWith('ASSET.INVALID')
    await expect(upscale(runway().provider)).rejects.toThrow('Runway could not make this upscale: Runway could not read the clip; re-export it as H.264 in MP4')
  })

  it('cancels the task at Runway when the run is cancelled', async () => {
    const before = server.deletes.length
    const controller = new AbortController()
    const running = upscale(runway().provider, { signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled by the person')) })
    await expect(running).rejects.toThrow('cancelled by the person')
    expect(server.deletes.length - before).toBe(1)
  })

  it('waits as long as a 429 asks, and creates one task', async () => {
    const waits: number[] = []
    const remote = remoteVia(server.origin, hosts, { runway: RUNWAY_TEST_KEY })
    const provider = createRunwayUpscale(remote, { pollIntervalMs: 1, sleep: async (ms) => void waits.push(ms) })
    const before = server.creates.length
    server.throttleNext(2, 4)
    await upscale(provider)
    expect(waits.slice(0, 2)).toEqual([4000, 4000])
    expect(server.creates.length - before).toBe(1)
  })

  it('asks the task again for a fresh link when the first has expired', async () => {
    const { remote, provider } = runway()
    server.linkLifetimeMs = -1
    const failed = await upscale(provider).then(() => 'made', (error: Error) => error.message)
    server.linkLifetimeMs = 60_000
    expect(failed).toContain('links to this upscale keep expiring')
    expect(remote.calls.filter((call) => call.includes('/outputs/'))).toHaveLength(2)
  })

  it('picks up an upscale after a reload in the middle of polling, without a second create', async () => {
    const jobs = new MemoryJobLedger()
    const before = server.creates.length
    const closing = stopAtPoll(runway(jobs).provider, request, { jobs, key: 'upscale-1', output }, { atPoll: 2, reason: 'the page was closed', pageClosed: true })
    await expect(closing).rejects.toThrow('the page was closed')

    const after = runway(jobs)
    const results = new MemoryResultStore()
    const report = await resumePendingJobs(after.remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => after.provider })
    expect(report).toEqual({ landed: 1, problems: [] })
    expect(server.creates.length - before).toBe(1)
    expect(results.entries.get('upscale-1')?.media).toMatchObject({ kind: 'video', meta: { name: 'shot 1', width: 1280, height: 720 } })
  })
})
