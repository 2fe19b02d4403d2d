import { describe, expect, it } from 'vitest'
import { MemoryJobLedger } from '../../src/engine'
import { ProviderError } from '../../src/providers/http'
import { generate, type JobBackEnd, type SubmitJob } from '../../src/providers/provider'

/** A cloud back end whose creates answer as `answer` says, counting them; its jobs end at once. */
function backEnd(answer: (job: SubmitJob) => Promise<string>): JobBackEnd<string, string> & { creates: number } {
  const state = {
    id: 'stand-in',
    name: 'Stand-in',
    runsOn: 'cloud' as const,
    pollIntervalMs: 1,
    creates: 0,
    estimateCost: () => ({ amount: 0.5, currency: 'USD' as const, basis: 'a stand-in' }),
    async submit(_request: string, job: SubmitJob) {
      state.creates++
      return answer(job)
    },
    poll: async () => ({ state: 'succeeded' as const }),
    cancel: async () => true,
    fetchResult: async (jobId: string) => `result of ${jobId}`,
  }
  return state
}

const output = { nodeType: 'generate-video', port: 'take', meta: {} }

describe('the job ledger when a create fails', () => {
  for (const failure of [new ProviderError('bad-key', 'refused the key (401)'), new ProviderError('out-of-credit', 'no credit (402)'), new ProviderError('no-key', 'no key')]) {
    it(`clears the row when the provider answered with a refusal (${failure.failure}): nothing was made, nothing to report after a reload`, async () => {
      const jobs = new MemoryJobLedger()
      const provider = backEnd(() => Promise.reject(failure))
      await expect(generate(provider, 'a shot', { ledger: { jobs, key: 'take-1', output } })).rejects.toThrow(failure.message)
      expect(await jobs.pending()).toEqual([])
    })
  }

  for (const [what, failure] of [
    ['a network failure', new TypeError('fetch failed')],
    ['a 5xx, which may have made the job', new ProviderError('unavailable', 'HTTP 502')],
  ] as const) {
    it(`keeps the row after ${what}: that job may exist and be paid for`, async () => {
      const jobs = new MemoryJobLedger()
      const provider = backEnd(() => Promise.reject(failure))
      await expect(generate(provider, 'a shot', { ledger: { jobs, key: 'take-1', output } })).rejects.toThrow()
      expect((await jobs.pending()).map((job) => [job.key, job.state])).toEqual([['take-1', 'submitting']])
    })
  }

  it('keeps the row of a submit of several steps refused after its first: the job to cancel is named there', async () => {
    const jobs = new MemoryJobLedger()
    const provider = backEnd(async (job) => {
      await job.started?.('remote-7')
      throw new ProviderError('out-of-credit', 'no credit for the upload')
    })
    await expect(generate(provider, 'a shot', { ledger: { jobs, key: 'take-1', output } })).rejects.toThrow('no credit')
    expect((await jobs.pending()).map((job) => job.remoteId)).toEqual(['remote-7'])
  })

  it('says the job was paid for only once the provider took it', async () => {
    const accepted: string[] = []
    const refused = backEnd(() => Promise.reject(new ProviderError('bad-key', 'refused')))
    await expect(generate(refused, 'a shot', { ledger: { jobs: new MemoryJobLedger(), key: 'a', output }, onAccepted: () => accepted.push('a') })).rejects.toThrow()
    const taken = backEnd(async () => 'remote-1')
    await generate(taken, 'a shot', { ledger: { jobs: new MemoryJobLedger(), key: 'b', output }, onAccepted: () => accepted.push('b') })
    expect(accepted).toEqual(['b'])
  })
})

describe('what the ledger charges', () => {
  it('keeps the price of each job its provider accepted, and none for a refused or failed submit', async () => {
    const jobs = new MemoryJobLedger()
    const refused = backEnd(() => Promise.reject(new ProviderError('out-of-credit', 'no credit (402)')))
    await expect(generate(refused, 'a shot', { ledger: { jobs, key: 'refused', output, priceUsd: 0.6 } })).rejects.toThrow('no credit')
    const lost = backEnd(() => Promise.reject(new TypeError('fetch failed')))
    await expect(generate(lost, 'a shot', { ledger: { jobs, key: 'lost', output, priceUsd: 0.6 } })).rejects.toThrow('fetch failed')
    expect([...jobs.charges.values()]).toEqual([])
    const taken = backEnd(async () => 'remote-1')
    await generate(taken, 'a shot', { ledger: { jobs, key: 'take-1', output, priceUsd: 0.6 } })
    expect([...jobs.charges.values()]).toMatchObject([{ id: 'take-1 remote-1', provider: 'stand-in', priceUsd: 0.6 }])
    // Followed again (a re-run before the take was collected): the job is paid for once.
    await generate(taken, 'a shot', { ledger: { jobs, key: 'take-1', output, priceUsd: 0.6 } })
    expect(taken.creates).toBe(1)
    expect(jobs.charges.size).toBe(1)
  })
})

describe('two runs submitting the same take at once', () => {
  it('creates it once: the second finds the first’s job in the ledger and follows it', async () => {
    const jobs = new MemoryJobLedger()
    let release: () => void = () => {}
    const answered = new Promise<void>((resolve) => (release = resolve))
    const provider = backEnd(async () => {
      await answered
      return `remote-${provider.creates}`
    })
    const first = generate(provider, 'a shot', { ledger: { jobs, key: 'take-1', output } })
    const second = generate(provider, 'a shot', { ledger: { jobs, key: 'take-1', output } })
    // Both have asked; the provider answers the first create only now.
    await new Promise((resolve) => setTimeout(resolve, 0))
    release()
    expect(await Promise.all([first, second])).toEqual(['result of remote-1', 'result of remote-1'])
    expect(provider.creates).toBe(1)
  })
})
