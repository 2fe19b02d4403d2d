import { describe, expect, it } from 'vitest'
import { checkRequest, generate, type GenerationRequest } from '../../src/providers/provider'
import { providerFor } from '../../src/providers/registry'
import { createVeo } from '../../src/providers/veo/veo'
import { adapterKit, expectCancelledJobKept, expectKeyRefusals, expectResumesAfterReload, failureOf, failureOnceExpired } from '../contract/adapter-kit'
import { ffmpegClip } from '../contract/remote'
import { startVeoServer, VEO_HOST, VEO_TEST_KEY } from '../contract/veo-server'

const request: GenerationRequest = {
  prompt: { text: 'Close-up: an old fisherman mends a net on the quay and hums, gulls overhead', fields: {} },
  references: [],
  durationS: 8,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 11,
}
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }
const png = (bytes: number[]) => new Blob([new Uint8Array(bytes)], { type: 'image/png' })

describe('Veo adapter against the contract server', () => {
  const kit = adapterKit({
    start: () => startVeoServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1, audio: true })),
    hosts: [VEO_HOST],
    keys: { veo: VEO_TEST_KEY },
    make: createVeo,
    paidCalls: (server) => [server.creates],
  })

  it('starts an operation with the Gemini API’s fields, follows it to done, and downloads the clip with its sound', async () => {
    const { provider, remote } = kit.adapter()
    const before = kit.server.creates.length
    const clip = await generate(provider, request)
    expect(kit.server.creates.slice(before)).toEqual([
      { model: 'veo-3.1-generate-preview', body: { instances: [{ prompt: request.prompt.text }], parameters: { aspectRatio: '16:9', durationSeconds: 8, resolution: '720p' } } },
    ])
    expect(clip).toMatchObject({ width: 1280, height: 720, hasAudio: true })
    expect(remote.calls.at(-1)).toMatch(/^GET generativelanguage\.googleapis\.com\/v1beta\/files\/\w+:download$/)
  })

  it('sends one reference as the first frame and two or three as subject references, inline raw base64', async () => {
    const { provider } = kit.adapter()
    await generate(provider, { ...request, durationS: 4, aspect: '9:16', references: [{ image: png([0x89, 0x50, 0x4e, 0x47]) }] })
    expect(kit.server.creates.at(-1)?.body).toEqual({
      instances: [{ prompt: request.prompt.text, image: { bytesBase64Encoded: 'iVBORw==', mimeType: 'image/png' } }],
      parameters: { aspectRatio: '9:16', durationSeconds: 4, resolution: '720p' },
    })
    const cast = [{ image: png([1, 2, 3]), role: 'character' }, { image: png([4, 5, 6]), role: 'location' }]
    await generate(provider, { ...request, references: cast })
    expect(kit.server.creates.at(-1)?.body.instances).toEqual([
      {
        prompt: request.prompt.text,
        referenceImages: [
          { image: { bytesBase64Encoded: 'AQID', mimeType: 'image/png' }, referenceType: 'ASSET' },
          { image: { bytesBase64Encoded: 'BAUG', mimeType: 'image/png' }, referenceType: 'ASSET' },
        ],
      },
    ])
  })

  it('refuses before paying what Veo cannot make, and prices each model per second', async () => {
    const { provider } = kit.adapter()
    const refs = (count: number) => Array.from({ length: count }, () => ({ image: png([1]) }))
    expect(checkRequest({ ...request, durationS: 5 }, provider.capabilities)).toBe('this provider makes only 4 s, 6 s or 8 s clips, not 5 s')
    expect(checkRequest({ ...request, aspect: '1:1' }, provider.capabilities)).toBe('this provider does not make 1:1 (it makes 16:9, 9:16)')
    expect(checkRequest({ ...request, durationS: 6, height: 1080 }, provider.capabilities)).toBe('Veo 3.1 makes 1080p clips only 8 s long (at 720p: 4, 6 or 8 s)')
    expect(checkRequest({ ...request, durationS: 6, references: refs(2) }, provider.capabilities)).toMatch(/^Veo 3\.1 keeps subject references only in 8 s clips/)
    expect(checkRequest({ ...request, references: refs(4) }, provider.capabilities)).toBe('4 reference images are more than this provider takes (at most 3)')
    expect(checkRequest({ ...request, durationS: 6, references: refs(1) }, provider.capabilities)).toBeUndefined()
    expect(provider.estimateCost({ ...request, height: 1080 }).amount).toBeCloseTo(3.2)
    expect(provider.estimateCost({ ...request, height: 2160 }).amount).toBeCloseTo(4.8)
    const fast = providerFor('veo-fast')
    expect(fast.estimateCost({ ...request, durationS: 4 }).amount).toBeCloseTo(0.4)
    // A type the API does not take is refused here, before the create.
    const before = kit.server.creates.length
    const gif = { image: new Blob([new Uint8Array([0x47])], { type: 'image/gif' }), name: 'storyboard' }
    await expect(generate(provider, { ...request, references: [gif] })).rejects.toThrow('Veo 3.1 takes PNG, JPEG or WebP reference images; storyboard is image/gif.')
    expect(kit.server.creates.length).toBe(before)
  })

  it('runs Veo 3.1 Fast on its own model', async () => {
    const provider = createVeo(kit.adapter().remote, { tier: 'fast', pollIntervalMs: 1, sleep: async () => {} })
    await generate(provider, { ...request, durationS: 6 })
    expect(kit.server.creates.at(-1)).toMatchObject({ model: 'veo-3.1-fast-generate-preview', body: { parameters: { durationSeconds: 6 } } })
    expect(provider.id).toBe('veo-fast')
  })

  it('says a take the safety filters removed in a person’s words, not Google’s', async () => {
    const { provider } = kit.adapter()
    kit.server.endNextWith({ kind: 'filtered', reason: 'Unable to generate videos because of a celebrity likeness. Support codes: 29310472' })
    const message = await failureOf(generate(provider, request))
    expect(message).toBe('Veo 3.1 could not make this take: Google’s safety filters removed the clip Veo 3.1 made; change the prompt or the reference images')
  })

  it('says a failed operation without echoing its internal text', async () => {
    const { provider } = kit.adapter()
    kit.server.endNextWith({ kind: 'error', code: 13, message: 'Internal error encountered: backend shard 7 lost' })
    await expect(generate(provider, request)).rejects.toThrow(/^Veo 3\.1 could not make this take: Veo 3\.1 could not make it; run again$/)
    kit.server.endNextWith({ kind: 'error', code: 3, message: 'The prompt contains sensitive words that violate Google’s Responsible AI practices.' })
    await expect(generate(provider, request)).rejects.toThrow('Google’s content policy refused this shot')
  })

  it('waits as long as a quota refusal says, from its RetryInfo or its Retry-After, and creates one operation', async () => {
    const waits: number[] = []
    const { provider } = kit.adapter({ sleep: async (ms) => void waits.push(ms) })
    const before = kit.server.creates.length
    kit.server.quotaNext(1, { retryDelayS: 7 })
    await generate(provider, request)
    kit.server.quotaNext(1, { retryDelayS: 7, retryAfterHeaderS: 2 })
    await generate(provider, request)
    expect(waits.filter((ms) => ms > 1)).toEqual([7000, 2000])
    expect(kit.server.creates.length - before).toBe(2)
  })

  it('keeps a cancelled take recorded, since Veo cannot stop it, and lands it in the cache later', async () => {
    const { provider, remote } = await expectCancelledJobKept(kit, request, {
      key: 'close-1',
      output,
      provider: 'veo',
      landed: { take: { kind: 'video', meta: { width: 1280, hasAudio: true } } },
    })
    expect(await provider.cancel('models/veo-3.1-generate-preview/operations/anything')).toBe(false)
    expect(remote.calls.some((call) => call.includes(':cancel'))).toBe(false)
  })

  it('says plainly when Google no longer keeps the clip', async () => {
    const { provider } = kit.adapter()
    const message = await failureOnceExpired(kit.server, 'videoLifetimeMs', () => generate(provider, request))
    expect(message).toBe('Veo 3.1’s clip is no longer kept by Google (it keeps them about two days); run the node again to make it anew.')
  })

  it('picks up an operation after a reload in the middle of polling, without a second create', () =>
    expectResumesAfterReload(kit, request, {
      key: 'take-1',
      output,
      pending: { provider: 'veo', remoteId: expect.stringMatching(/^models\/veo-3\.1-generate-preview\/operations\//) },
      landed: { take: { kind: 'video', meta: { take: 1, width: 1280, height: 720 } } },
    }))

  it('refuses a bad key without ever showing it, and asks for a key when there is none', () =>
    expectKeyRefusals(kit, request, {
      provider: 'veo',
      wrongKey: 'AIzaWrong-0a1b2c3d4e5f',
      refused: 'Veo 3.1 refused the API key: check it in File → Provider keys.',
      missing: 'Veo 3.1 needs a Gemini API key: add yours in File → Provider keys.',
    }))
})
