import { beforeAll, describe, expect, it } from 'vitest'
import { createRunwayUpscale } from '../../src/providers/runway/upscale'
import { checkUpscale, type UpscaleRequest } from '../../src/providers/upscale'
import { adapterKit, expectCancelAtService, expectResumesAfterReload, expectWaitsOnThrottle, failureOf, failureOnceExpired } from '../contract/adapter-kit'
import { ffmpegClip } from '../contract/remote'
import { RUNWAY_MEDIA_ORIGIN, RUNWAY_TEST_KEY, startRunwayServer } from '../contract/runway-server'

const output = { nodeType: 'upscale', port: 'media', meta: { name: 'shot 1' } }

describe('Runway video upscale against the contract server', () => {
  const kit = adapterKit({
    start: () => startRunwayServer(ffmpegClip({ width: 320, height: 180, fps: 24, seconds: 1 }), ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })),
    hosts: ['api.dev.runwayml.com', new URL(RUNWAY_MEDIA_ORIGIN).host],
    keys: { runway: RUNWAY_TEST_KEY },
    make: createRunwayUpscale,
    paidCalls: (server) => [server.creates],
    noun: 'this upscale',
  })
  let request: UpscaleRequest
  let sourceBytes: Buffer

  beforeAll(() => {
    sourceBytes = ffmpegClip({ width: 640, height: 360, fps: 24, seconds: 1 })
    request = {
      clip: new Blob([new Uint8Array(sourceBytes)], { type: 'video/mp4' }),
      source: { width: 640, height: 360, fps: 24, frameCount: 24, durationS: 1, bytes: sourceBytes.length, mime: 'video/mp4' },
      target: { width: 1280, height: 720 },
    }
  })

  it('sends the clip inline at the resolution class that reaches the size, and downloads the upscale', async () => {
    const before = kit.server.creates.length
    const clip = await kit.run(kit.adapter().provider, request)
    expect(kit.server.creates.slice(before)).toEqual([
      { model: 'magnific_video_upscaler_creative', videoUri: `data:video/mp4;base64,${sourceBytes.toString('base64')}`, resolution: '720p' },
    ])
    expect(clip).toMatchObject({ width: 1280, height: 720 })
  })

  it('makes Runway’s own sizes by the long side: ×2 of 1280×720 is its 2k, 2560×1440', () => {
    const { provider } = kit.adapter()
    expect(provider.outputSize({ width: 1280, height: 720 }, { width: 2560, height: 1440 })).toEqual({ width: 2560, height: 1440 })
    expect(provider.outputSize({ width: 1080, height: 1920 }, { width: 2000, height: 3556 })).toEqual({ width: 2160, height: 3840 })
  })

  it('refuses a clip over 5 MB, or past 4K, before anything is paid', () => {
    const { provider } = kit.adapter()
    const big = { ...request.source, bytes: 6 * 1024 * 1024 }
    expect(checkUpscale({ source: big, target: request.target }, provider)).toBe('the clip is 6.0 MB and Runway takes at most 5.0 MB')
    const uhd = { ...request.source, width: 3840, height: 2160 }
    expect(checkUpscale({ source: uhd, target: { width: 7680, height: 4320 } }, provider)).toBe('the clip is already 3840×2160, as large as asked: there is nothing to upscale')
  })

  it('says a failed upscale by its failure code, in words about the clip', async () => {
    kit.server.failNextWith('INTERNAL.BAD_OUTPUT')
    const message = await failureOf(kit.run(kit.adapter().provider, request))
    expect(message).toBe('Runway could not make this upscale: Runway failed on its side; run again')
    kit.server.failNextWith('ASSET.INVALID')
    await expect(kit.run(kit.adapter().provider, request)).rejects.toThrow('Runway could not make this upscale: Runway could not read the clip; re-export it as H.264 in MP4')
  })

  it('cancels the task at Runway when the run is cancelled', () => expectCancelAtService(kit, request, (server) => server.deletes))

  it('waits as long as a 429 asks, and creates one task', () =>
    expectWaitsOnThrottle(kit, request, { throttle: (server) => server.throttleNext(2, 4), waits: [4000, 4000] }))

  it('asks the task again for a fresh link when the first has expired', async () => {
    const { remote, provider } = kit.adapter()
    const failed = await failureOnceExpired(kit.server, 'linkLifetimeMs', () => kit.run(provider, request))
    expect(failed).toContain('links to this upscale keep expiring')
    expect(remote.calls.filter((call) => call.includes('/outputs/'))).toHaveLength(2)
  })

  it('picks up an upscale after a reload in the middle of polling, without a second create', () =>
    expectResumesAfterReload(kit, request, { key: 'upscale-1', output, landed: { media: { kind: 'video', meta: { name: 'shot 1', width: 1280, height: 720 } } } }))
})
