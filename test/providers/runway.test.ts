import { describe, expect, it } from 'vitest'
import { generate, type GenerationRequest } from '../../src/providers/provider'
import { createRunway } from '../../src/providers/runway/runway'
import { adapterKit, expectCancelAtService, expectKeyRefusals, expectResumesAfterReload, expectWaitsOnThrottle, failureOf, failureOnceExpired } from '../contract/adapter-kit'
import { ffmpegClip } from '../contract/remote'
import { RUNWAY_MEDIA_ORIGIN, RUNWAY_TEST_KEY, startRunwayServer } from '../contract/runway-server'

const request: GenerationRequest = {
  prompt: { text: 'A lighthouse keeper climbs the stairs at dusk, slow dolly in', fields: { subject: 'lighthouse keeper' } },
  references: [],
  durationS: 5,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 42,
}
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }

describe('Runway adapter against the contract server', () => {
  const kit = adapterKit({
    start: () => startRunwayServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 2 })),
    hosts: ['api.dev.runwayml.com', new URL(RUNWAY_MEDIA_ORIGIN).host],
    keys: { runway: RUNWAY_TEST_KEY },
    make: createRunway,
    paidCalls: (server) => [server.creates],
  })

  it('makes a text-to-video take on gen4.5, follows it through its states, and downloads the clip', async () => {
    const { provider } = kit.adapter()
    const before = kit.server.creates.length
    const progress: number[] = []
    const clip = await generate(provider, request, { onProgress: (fraction) => progress.push(fraction) })
    expect(kit.server.creates.slice(before)).toEqual([{ model: 'gen4.5', ratio: '1280:720', promptText: request.prompt.text, duration: 5, seed: 42 }])
    expect(clip).toMatchObject({ width: 1280, height: 720, fps: 24, hasAudio: false })
    expect(clip.durationS).toBeCloseTo(2, 1)
    expect(progress).toEqual([0.4, 0.8, 1])
  })

  it('sends a reference image inline for image-to-video on gen4_turbo', async () => {
    const { provider } = kit.adapter()
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })
    await generate(provider, { ...request, references: [{ image: png }], aspect: '9:16' })
    expect(kit.server.creates.at(-1)).toMatchObject({ model: 'gen4_turbo', ratio: '720:1280', promptImage: 'data:image/png;base64,iVBORw==' })
  })

  it('says a content-policy refusal in a person’s words, not Runway’s internal text', async () => {
    const { provider } = kit.adapter()
    kit.server.failNextWith('SAFETY.INPUT.TEXT')
    const message = await failureOf(generate(provider, request))
    expect(message).toBe('Runway could not make this take: Runway’s content policy refused this shot; change the prompt or the reference image')
  })

  it('waits as long as a 429 asks before creating, and creates exactly one task', () =>
    expectWaitsOnThrottle(kit, request, { throttle: (server) => server.throttleNext(2, 3), waits: [3000, 3000] }))

  it('cancels the task at Runway when the run is cancelled', () => expectCancelAtService(kit, request, (server) => server.deletes))

  it('asks the task again for a fresh link when the first has expired', async () => {
    const { remote, provider } = kit.adapter()
    const failed = await failureOnceExpired(kit.server, 'linkLifetimeMs', () => generate(provider, request))
    expect(failed).toContain('links to this take keep expiring')
    expect(remote.calls.filter((call) => call.includes('/outputs/'))).toHaveLength(2)
  })

  it('picks up a job after a reload in the middle of polling, without a second create', () =>
    // The page goes away after the second poll: the job is in the ledger, its clip is not fetched.
    expectResumesAfterReload(kit, request, {
      key: 'take-1',
      output,
      pending: { provider: 'runway' },
      landed: { take: { kind: 'video', meta: { take: 1, width: 1280, height: 720 } } },
    }))

  it('refuses a bad key without ever showing it, and asks for a key when there is none', () =>
    expectKeyRefusals(kit, request, {
      provider: 'runway',
      wrongKey: 'key_wrong_9a8b7c6d5e',
      refused: 'Runway refused the API key: check it in File → Provider keys.',
      missing: 'Runway needs an API key: add yours in File → Provider keys.',
    }))
})
