import { describe, expect, it } from 'vitest'
import { MemoryJobLedger, type RemoteJob } from '../../src/engine'
import {
  checkRequest,
  clientIdFor,
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

/**
 * A back end that answers from a script of states, and records what was asked of it; `polled`
 * settles at its first poll, when a job is under way and a cancel must reach the back end.
 */
function scriptedProvider(states: JobStatus[], runsOn: GenerationProvider['runsOn'] = 'cloud', cancels = true): GenerationProvider & { calls: string[]; polled: Promise<void> } {
  const calls: string[] = []
  let firstPoll = () => {}
  const polled = new Promise<void>((resolve) => (firstPoll = resolve))
  const clip: GeneratedClip = { video: new Blob(['mp4']), width: 1280, height: 720, fps: 24, durationS: 8, hasAudio: false }
  return {
    calls,
    polled,
    id: 'scripted',
    name: 'Scripted',
    runsOn,
    capabilities: capped,
    pollIntervalMs: 1,
    estimateCost: (asked) => ({ amount: 0.05 * asked.durationS, currency: 'USD', basis: '$0.05 per second' }),
    async submit() {
      calls.push('submit')
      return 'job-1'
    },
    async poll(jobId) {
      calls.push(`poll ${jobId}`)
      firstPoll()
      return states.shift() ?? { state: 'running' }
    },
    async cancel(jobId) {
      calls.push(`cancel ${jobId}`)
      return cancels
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
    await provider.polled
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

describe('generate with a job ledger', () => {
  const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }

  it('records the job before the first poll, with the provider’s id once it has answered', async () => {
    const jobs = new MemoryJobLedger()
    const provider = scriptedProvider([{ state: 'succeeded' }])
    const seenAtFirstPoll: (RemoteJob | undefined)[] = []
    const poll = provider.poll.bind(provider)
    provider.poll = async (jobId) => {
      seenAtFirstPoll.push(await jobs.get('take-key'))
      return poll(jobId)
    }
    await generate(provider, request, { ledger: { jobs, key: 'take-key', output } })
    expect(seenAtFirstPoll[0]).toMatchObject({ key: 'take-key', provider: 'scripted', state: 'pending', remoteId: 'job-1', output })
    // Kept until the caller has stored the clip: a crash in between must not lose a paid result.
    expect(await jobs.get('take-key')).toBeDefined()
  })

  it('follows a job already recorded for the take instead of paying for a second one', async () => {
    const jobs = new MemoryJobLedger()
    await jobs.put({ key: 'take-key', provider: 'scripted', state: 'pending', remoteId: 'job-0', output, createdAt: 1, updatedAt: 1 })
    const provider = scriptedProvider([{ state: 'succeeded' }])
    await generate(provider, request, { ledger: { jobs, key: 'take-key', output } })
    expect(provider.calls).toEqual(['poll job-0', 'fetch job-0'])
  })

  it('asks the back end for a job whose submit answer was lost, by our id for the take', async () => {
    const jobs = new MemoryJobLedger()
    await jobs.put({ key: 'take-key', provider: 'scripted', state: 'submitting', output, createdAt: 1, updatedAt: 1 })
    const provider = scriptedProvider([{ state: 'succeeded' }])
    const asked: string[] = []
    provider.recover = async (clientId) => (asked.push(clientId), 'job-lost')
    await generate(provider, request, { ledger: { jobs, key: 'take-key', output } })
    expect(asked).toEqual([clientIdFor('take-key')])
    expect(provider.calls).toEqual(['poll job-lost', 'fetch job-lost'])
  })

  it('forgets a cancelled job, but keeps one the back end cannot stop so its clip still lands', async () => {
    for (const cancels of [true, false]) {
      const jobs = new MemoryJobLedger()
      const provider = scriptedProvider([], 'cloud', cancels)
      const controller = new AbortController()
      const running = generate(provider, request, { signal: controller.signal, ledger: { jobs, key: 'take-key', output } })
      await provider.polled
      controller.abort(new Error('cancelled'))
      await expect(running).rejects.toThrow('cancelled')
      expect(await jobs.get('take-key')).toEqual(cancels ? undefined : expect.objectContaining({ remoteId: 'job-1' }))
    }
  })

  it('records nothing for work on this machine, which ends with the page', async () => {
    const jobs = new MemoryJobLedger()
    await generate(scriptedProvider([{ state: 'succeeded' }], 'this-machine'), request, { ledger: { jobs, key: 'take-key', output } })
    expect(await jobs.pending()).toEqual([])
  })

  it('gives each take a stable UUID of its own', () => {
    const id = clientIdFor('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(clientIdFor('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe(id)
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
