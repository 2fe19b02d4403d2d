import { describe, expect, it } from 'vitest'
import {
  checkRequest,
  frameSize,
  generate,
  type GeneratedClip,
  type GenerationProvider,
  type GenerationRequest,
  type JobStatus,
  type ProviderCapabilities,
} from '../../src/providers/provider'
import { PROVIDER_IDS, providerFor } from '../../src/providers/registry'

const capped: ProviderCapabilities = {
  durationS: { min: 2, max: 25 },
  aspects: ['16:9', '9:16'],
  heights: [720, 1080],
  fps: [24],
  maxReferenceImages: 1,
  nativeAudio: false,
}

const request: GenerationRequest = {
  prompt: { text: 'A lighthouse at dawn.', fields: { subject: 'a lighthouse' } },
  references: [],
  durationS: 8,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 1,
}

describe('checkRequest', () => {
  it('lets a request the provider can make through', () => {
    expect(checkRequest(request, capped)).toBeUndefined()
  })

  it('refuses a 30 s request to a provider capped at 25 s, saying why', () => {
    expect(checkRequest({ ...request, durationS: 30 }, capped)).toBe('30 s is longer than this provider makes (at most 25 s)')
  })

  it('refuses what is out of any other limit, each with its reason', () => {
    expect(checkRequest({ ...request, durationS: 1 }, capped)).toBe('1 s is shorter than this provider makes (at least 2 s)')
    expect(checkRequest({ ...request, aspect: '1:1' }, capped)).toBe('this provider does not make 1:1 (it makes 16:9, 9:16)')
    expect(checkRequest({ ...request, height: 480 }, capped)).toBe('this provider does not make 480p (it makes 720p, 1080p)')
    expect(checkRequest({ ...request, fps: 30 }, capped)).toBe('this provider does not make 30 fps (it makes 24 fps)')
    const two = [{ image: new Blob() }, { image: new Blob() }]
    expect(checkRequest({ ...request, references: two }, capped)).toBe('2 reference images are more than this provider takes (at most 1)')
  })
})

describe('frameSize', () => {
  it('takes the height as the short side, as 720p means in every aspect, and keeps sides even', () => {
    expect(frameSize('16:9', 720)).toEqual({ width: 1280, height: 720 })
    expect(frameSize('16:9', 480)).toEqual({ width: 854, height: 480 })
    expect(frameSize('9:16', 1080)).toEqual({ width: 1080, height: 1920 })
    expect(frameSize('1:1', 480)).toEqual({ width: 480, height: 480 })
  })
})

/** A back end that answers from a script of states, and records what was asked of it. */
function scriptedProvider(states: JobStatus[]): GenerationProvider & { calls: string[] } {
  const calls: string[] = []
  const clip: GeneratedClip = { video: new Blob(['mp4']), width: 1280, height: 720, fps: 24, durationS: 8, hasAudio: false }
  return {
    calls,
    id: 'scripted',
    name: 'Scripted',
    capabilities: capped,
    pollIntervalMs: 1,
    estimateCost: (asked) => ({ amount: 0.05 * asked.durationS, currency: 'USD', basis: '$0.05 per second' }),
    async submit() {
      calls.push('submit')
      return 'job-1'
    },
    async poll(jobId) {
      calls.push(`poll ${jobId}`)
      return states.shift() ?? { state: 'running' }
    },
    async cancel(jobId) {
      calls.push(`cancel ${jobId}`)
    },
    async fetchResult(jobId) {
      calls.push(`fetch ${jobId}`)
      return clip
    },
  }
}

describe('generate', () => {
  it('submits once, follows the job with its progress, and fetches the clip', async () => {
    const provider = scriptedProvider([{ state: 'queued' }, { state: 'running', progress: 0.5 }, { state: 'succeeded' }])
    const progress: number[] = []
    const clip = await generate(provider, request, { onProgress: (fraction) => progress.push(fraction) })
    expect(clip.width).toBe(1280)
    expect(provider.calls).toEqual(['submit', 'poll job-1', 'poll job-1', 'poll job-1', 'fetch job-1'])
    expect(progress).toEqual([0.5, 1])
  })

  it('says why a job failed, in the provider’s name', async () => {
    const provider = scriptedProvider([{ state: 'failed', message: 'the prompt was refused' }])
    await expect(generate(provider, request)).rejects.toThrow('Scripted could not make this take: the prompt was refused')
  })

  it('cancels the job at the back end when the run is cancelled', async () => {
    const provider = scriptedProvider([])
    const controller = new AbortController()
    const running = generate(provider, request, { signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 10))
    controller.abort(new Error('cancelled'))
    await expect(running).rejects.toThrow('cancelled')
    expect(provider.calls.at(-1)).toBe('cancel job-1')
    expect(provider.calls).not.toContain('fetch job-1')
  })

  it('submits nothing when already cancelled', async () => {
    const provider = scriptedProvider([])
    const controller = new AbortController()
    controller.abort(new Error('cancelled'))
    await expect(generate(provider, request, { signal: controller.signal })).rejects.toThrow('cancelled')
    expect(provider.calls).toEqual([])
  })
})

describe('provider registry', () => {
  it('has the local animatic, free and without a key', () => {
    expect(PROVIDER_IDS).toContain('animatic')
    const animatic = providerFor('animatic')
    expect(animatic.estimateCost(request).amount).toBe(0)
    expect(checkRequest({ ...request, durationS: 25, height: 480, aspect: '1:1' }, animatic.capabilities)).toBeUndefined()
  })
})
