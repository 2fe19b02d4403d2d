import { describe, expect, it } from 'vitest'
import { createLuma } from '../../src/providers/luma/luma'
import { checkRequest, generate, type GenerationRequest } from '../../src/providers/provider'
import { adapterKit, expectCancelledJobKept, expectKeyRefusals, expectWaitsOnThrottle } from '../contract/adapter-kit'
import { LUMA_MEDIA_ORIGIN, LUMA_TEST_KEY, startLumaServer } from '../contract/luma-server'
import { ffmpegClip } from '../contract/remote'

const request: GenerationRequest = {
  prompt: { text: 'Wide shot: fog rolls over the harbour at dawn', fields: {} },
  references: [],
  durationS: 5,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 3,
}
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }

describe('Luma adapter against the contract server', () => {
  const kit = adapterKit({
    start: () => startLumaServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })),
    hosts: ['api.lumalabs.ai', new URL(LUMA_MEDIA_ORIGIN).host],
    keys: { luma: LUMA_TEST_KEY },
    make: createLuma,
    paidCalls: (server) => [server.creates],
  })

  it('makes a take with Luma’s own spellings of duration and resolution, and downloads it', async () => {
    const { provider } = kit.adapter()
    const clip = await generate(provider, request)
    expect(kit.server.creates.at(-1)).toEqual({ model: 'ray-2', prompt: request.prompt.text, aspect_ratio: '16:9', duration: '5s', resolution: '720p' })
    expect(clip).toMatchObject({ width: 1280, height: 720 })
  })

  it('refuses before paying what Luma cannot make: 6 s, or a reference image it could not reach', () => {
    const { provider } = kit.adapter()
    expect(checkRequest({ ...request, durationS: 6 }, provider.capabilities)).toBe('this provider makes only 5 s or 9 s clips, not 6 s')
    expect(checkRequest({ ...request, references: [{ image: new Blob(['x']) }] }, provider.capabilities)).toBe('this provider takes no reference images: unlink them, or choose a provider that does')
    expect(provider.estimateCost({ ...request, durationS: 9, height: 1080 }).amount).toBeCloseTo(1.59 * 1.8)
  })

  it('says a failed generation in a person’s words', async () => {
    const { provider } = kit.adapter()
    kit.server.failNextWith('Prompt failed moderation: prohibited content')
    await expect(generate(provider, request)).rejects.toThrow('Luma could not make this take: Luma’s content policy refused this shot; change the prompt')
  })

  it('retries a create refused with 429 after the time asked, creating one generation', () =>
    expectWaitsOnThrottle(kit, request, { throttle: (server) => server.throttleNext(1, 2), waits: [2000] }))

  it('keeps a cancelled take recorded, since Luma cannot stop it, and lands it in the cache later', () =>
    expectCancelledJobKept(kit, request, { key: 'wide-1', output, provider: 'luma', landed: { take: { kind: 'video', meta: { width: 1280 } } } }))

  it('maps a refused key to a sentence, without the key', () =>
    expectKeyRefusals(kit, request, {
      provider: 'luma',
      wrongKey: 'luma-wrong-key-123',
      refused: 'Luma refused the API key: check it in File → Provider keys.',
      missing: 'Luma needs an API key: add yours in File → Provider keys.',
    }))
})
