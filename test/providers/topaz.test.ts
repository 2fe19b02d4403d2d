import { beforeAll, describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore } from '../../src/engine'
import { resumePendingJobs } from '../../src/providers/resume'
import { createTopaz } from '../../src/providers/topaz/topaz'
import type { UpscaleRequest } from '../../src/providers/upscale'
import { adapterKit, expectCancelAtService, expectKeyRefusals, expectResumesAfterReload, expectWaitsOnThrottle, failureOf, failureOnceExpired } from '../contract/adapter-kit'
import { ffmpegClip, remoteVia } from '../contract/remote'
import { startTopazServer, TOPAZ_STORAGE_ORIGIN, TOPAZ_TEST_KEY } from '../contract/topaz-server'

const hosts = ['api.topazlabs.com', new URL(TOPAZ_STORAGE_ORIGIN).host]
const output = { nodeType: 'upscale', port: 'media', meta: { name: 'shot 3' } }

describe('Topaz adapter against the contract server', () => {
  const kit = adapterKit({
    start: () => startTopazServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })),
    hosts,
    keys: { topaz: TOPAZ_TEST_KEY },
    make: createTopaz,
    paidCalls: (server) => [server.creates, server.accepts],
    noun: 'this upscale',
  })
  let request: UpscaleRequest

  beforeAll(() => {
    const source = ffmpegClip({ width: 640, height: 360, fps: 24, seconds: 1 })
    request = {
      clip: new Blob([new Uint8Array(source)], { type: 'video/mp4' }),
      source: { width: 640, height: 360, fps: 24, frameCount: 24, durationS: 1, bytes: source.length, mime: 'video/mp4' },
      target: { width: 1280, height: 720 },
    }
  })

  it('creates, accepts, uploads and completes the request, follows it and downloads the upscale', async () => {
    const { provider, remote } = kit.adapter()
    const before = { creates: kit.server.creates.length, accepts: kit.server.accepts.length }
    const progress: number[] = []
    const clip = await kit.run(provider, request, { onProgress: (fraction) => progress.push(fraction) })
    expect(kit.server.creates.slice(before.creates)).toEqual([
      {
        source: { container: 'mp4', size: request.source.bytes, duration: 1, frameRate: 24, frameCount: 24, resolution: { width: 640, height: 360 } },
        filters: [{ model: 'prob-4' }],
        output: { resolution: { width: 1280, height: 720 }, frameRate: 24, audioCodec: 'AAC', audioTransfer: 'Copy', videoEncoder: 'H264', container: 'mp4' },
      },
    ])
    expect(kit.server.accepts.length - before.accepts).toBe(1)
    expect(remote.calls.filter((call) => call.startsWith('PUT videocloud.s3.amazonaws.com/'))).toHaveLength(1)
    expect(clip).toMatchObject({ width: 1280, height: 720, fps: 24, hasAudio: false })
    expect(progress).toEqual([0.6, 0.8, 0.8, 1])
  })

  it('says a failed upscale in a person’s words, not Topaz’s pipeline text', async () => {
    kit.server.failNextWith('INVALID_INPUT')
    const message = await failureOf(kit.run(kit.adapter().provider, request))
    expect(message).toBe('Topaz could not make this upscale: Topaz could not read the clip; re-export it as H.264 in MP4')
  })

  it('cancels the request at Topaz when the run is cancelled', () => expectCancelAtService(kit, request, (server) => server.deletes))

  it('waits as long as a 429 asks, and reserves credits exactly once', () =>
    expectWaitsOnThrottle(kit, request, { throttle: (server) => server.throttleNext(2, 3), waits: [3000, 3000] }))

  it('says when the link to the upscale has expired instead of downloading an error page', async () => {
    const { remote, provider } = kit.adapter()
    const failed = await failureOnceExpired(kit.server, 'linkLifetimeMs', () => kit.run(provider, request))
    expect(failed).toBe("Topaz's link to this upscale has expired (Topaz keeps results only for a few days); run the node again to make it anew.")
    expect(remote.calls.filter((call) => call.includes('/output.mp4'))).toHaveLength(0)
  })

  it('says the account is out of credit when the accept is refused, and uploads nothing', async () => {
    const { remote, provider } = kit.adapter()
    kit.server.refuseNextAccept()
    await expect(kit.run(provider, request)).rejects.toThrow('Topaz says the account has too few credits for this: top it up on Topaz’s site.')
    expect(remote.calls.some((call) => call.startsWith('PUT'))).toBe(false)
  })

  it('picks up a request after a reload in the middle of polling, without a second accept', () =>
    expectResumesAfterReload(kit, request, {
      key: 'upscale-1',
      output,
      pending: { provider: 'topaz' },
      landed: { media: { kind: 'video', meta: { name: 'shot 3', width: 1280, height: 720 } } },
    }))

  /** Starts an upscale whose upload the closing page cuts off: that PUT and everything after it never reach Topaz. */
  async function cutOffDuringUpload(jobs: MemoryJobLedger, key: string): Promise<string> {
    const closing = remoteVia(kit.server.origin, hosts, { topaz: TOPAZ_TEST_KEY }, jobs)
    let closed = false
    const fetchBeforeClosing = closing.fetch
    closing.fetch = async (url, init) => {
      if (closed || init?.method === 'PUT') {
        closed = true
        throw new TypeError('Failed to fetch')
      }
      return fetchBeforeClosing(url, init)
    }
    const cut = createTopaz(closing, { pollIntervalMs: 1, sleep: async () => {} })
    await expect(kit.run(cut, request, { ledger: { jobs, key, output } })).rejects.toThrow('Failed to fetch')
    const requestId = kit.server.accepts.at(-1) as string
    expect(await jobs.get(key)).toMatchObject({ state: 'submitting', provider: 'topaz', remoteId: requestId })
    return requestId
  }

  it('after a reload, cancels a request whose upload the closing page cut off, so its reserved credits return, and tells', async () => {
    const jobs = new MemoryJobLedger()
    const deletes = kit.server.deletes.length
    const requestId = await cutOffDuringUpload(jobs, 'upscale-2')
    const after = kit.adapter({ jobs })
    const report = await resumePendingJobs(after.remote, { assets: new MemoryAssetStore(), results: new MemoryResultStore() }, { providerFor: () => after.provider })
    expect(report).toEqual({ landed: 0, problems: ['Topaz was still receiving a clip when the app closed; that request was cancelled (its reserved credits return): run the node again'] })
    expect(kit.server.deletes.slice(deletes)).toEqual([requestId])
    expect(await jobs.pending()).toEqual([])
  })

  it('running again after an upload was cut off cancels the half-made request before making a new one', async () => {
    const jobs = new MemoryJobLedger()
    const deletes = kit.server.deletes.length
    const requestId = await cutOffDuringUpload(jobs, 'upscale-3')
    const accepts = kit.server.accepts.length
    const clip = await kit.run(kit.adapter({ jobs }).provider, request, { ledger: { jobs, key: 'upscale-3', output } })
    expect(clip).toMatchObject({ width: 1280, height: 720 })
    expect(kit.server.deletes.slice(deletes)).toEqual([requestId])
    expect(kit.server.accepts.length - accepts).toBe(1)
  })

  it('refuses a bad key without ever showing it, and asks for a key when there is none', () =>
    expectKeyRefusals(kit, request, {
      provider: 'topaz',
      wrongKey: 'tpz_wrong_0a9b8c7d',
      refused: 'Topaz refused the API key: check it in File → Provider keys.',
      missing: 'Topaz needs an API key: add yours in File → Provider keys.',
    }))
})
