import { afterAll, beforeAll, expect } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore, type JobLedger, type RemoteAccess } from '../../src/engine'
import type { GeneratedImage } from '../../src/providers/image'
import { generate, type GeneratedClip, type GenerateOptions, type JobBackEnd } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import type { ContractHttp } from './http'
import { remoteVia } from './remote'
import { stopAtPoll } from './stop-at-poll'

type Sleep = (ms: number) => Promise<void>
type Output = NonNullable<GenerateOptions['ledger']>['output']
/** A back end whose jobs resume after a reload: one that makes takes, stills or upscales. */
type Resumable<Request> = JobBackEnd<Request, GeneratedClip | GeneratedImage>

/**
 * What every adapter test shares: its contract server, started before the tests of the `describe`
 * it is called in and closed after, and the adapter wired to it through `remoteVia`.
 */
export interface AdapterKitSetup<Server extends ContractHttp, BackEnd> {
  start: () => Promise<Server>
  /** The API's hosts the test routes to the contract server. */
  hosts: string[]
  /** The stored keys when a test names none. */
  keys: Record<string, string>
  make: (remote: RemoteAccess, options: { pollIntervalMs: number; sleep: Sleep }) => BackEnd
  /** The server's logs of the calls that start a job and, on a paid service, cost money (creates, accepts…): one job grows each by exactly one. */
  paidCalls: (server: Server) => readonly unknown[][]
  /** What `run` calls the job in messages ("this upscale"); the adapter's default (a take) when unset. */
  noun?: string
}

export interface AdapterKit<Server extends ContractHttp, BackEnd> {
  readonly server: Server
  paidCalls: (server: Server) => readonly unknown[][]
  /**
   * The adapter on a fresh `RemoteAccess` routed to the contract server (or to `origin`: one where
   * nothing answers, say); polls never wait unless `sleep` says otherwise.
   */
  adapter(options?: { keys?: Record<string, string>; jobs?: JobLedger; sleep?: Sleep; origin?: string }): { remote: RemoteAccess & { calls: string[] }; provider: BackEnd }
  /** `generate` with the kit's noun. */
  run<Request, Result>(provider: JobBackEnd<Request, Result>, request: Request, options?: GenerateOptions): Promise<Result>
}

export function adapterKit<Server extends ContractHttp, BackEnd>(setup: AdapterKitSetup<Server, BackEnd>): AdapterKit<Server, BackEnd> {
  let started: Server | undefined
  beforeAll(async () => {
    started = await setup.start()
  })
  afterAll(() => started?.close())
  const kit: AdapterKit<Server, BackEnd> = {
    paidCalls: setup.paidCalls,
    get server() {
      if (!started) throw new Error('the contract server starts in beforeAll: use it inside a test')
      return started
    },
    adapter({ keys = setup.keys, jobs = new MemoryJobLedger(), sleep = async () => {}, origin = kit.server.origin } = {}) {
      const remote = remoteVia(origin, setup.hosts, keys, jobs)
      return { remote, provider: setup.make(remote, { pollIntervalMs: 1, sleep }) }
    },
    run: (provider, request, options = {}) => generate(provider, request, { ...(setup.noun ? { noun: setup.noun } : {}), ...options }),
  }
  return kit
}

/** The message a run failed with, or 'made' when it did not fail. */
export function failureOf(running: Promise<unknown>): Promise<string> {
  return running.then(
    () => 'made',
    (error: Error) => error.message,
  )
}

/** Does `work` and checks it paid for exactly one job. */
async function expectPaidOnce<Server extends ContractHttp>(kit: AdapterKit<Server, unknown>, work: () => Promise<void>): Promise<void> {
  const before = kit.paidCalls(kit.server).map((calls) => calls.length)
  await work()
  expect(kit.paidCalls(kit.server).map((calls, index) => calls.length - (before[index] ?? 0))).toEqual(before.map(() => 1))
}

/**
 * The page closes after the second poll (nothing is cancelled) and a new page's adapter resumes the
 * job from the ledger: it lands in the cache as `landed` says, paid for once, and leaves no job pending.
 */
export async function expectResumesAfterReload<Server extends ContractHttp, Request, BackEnd extends Resumable<Request>>(
  kit: AdapterKit<Server, BackEnd>,
  request: Request,
  expected: { key: string; output: Output; pending?: Record<string, unknown>; landed: Record<string, unknown> },
): Promise<void> {
  const jobs = new MemoryJobLedger()
  const results = new MemoryResultStore()
  await expectPaidOnce(kit, async () => {
    const closing = stopAtPoll(kit.adapter({ jobs }).provider, request, { jobs, key: expected.key, output: expected.output }, { atPoll: 2, reason: 'the page was closed', pageClosed: true })
    await expect(closing).rejects.toThrow('the page was closed')
    if (expected.pending) expect(await jobs.get(expected.key)).toMatchObject({ state: 'pending', ...expected.pending })

    const after = kit.adapter({ jobs })
    const report = await resumePendingJobs(after.remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => after.provider })
    expect(report).toEqual({ landed: 1, problems: [] })
  })
  expect(results.entries.get(expected.key)).toMatchObject(expected.landed)
  expect(await jobs.pending()).toEqual([])
}

/** A wrong key is refused in words that never show it; no key at all asks for one. Gives the refusal. */
export async function expectKeyRefusals<Server extends ContractHttp, Request, BackEnd extends JobBackEnd<Request, unknown>>(
  kit: AdapterKit<Server, BackEnd>,
  request: Request,
  expected: { provider: string; wrongKey: string; refused: string; missing: string },
): Promise<string> {
  const refused = await failureOf(kit.run(kit.adapter({ keys: { [expected.provider]: expected.wrongKey } }).provider, request))
  expect(refused).toBe(expected.refused)
  expect(refused).not.toContain(expected.wrongKey)
  await expect(kit.run(kit.adapter({ keys: {} }).provider, request)).rejects.toThrow(expected.missing)
  return refused
}

/** After `throttle` makes the server answer 429s, the adapter first waits `waits` (ms) as asked, and pays once. */
export async function expectWaitsOnThrottle<Server extends ContractHttp, Request, BackEnd extends JobBackEnd<Request, unknown>>(
  kit: AdapterKit<Server, BackEnd>,
  request: Request,
  expected: { throttle: (server: Server) => void; waits: number[] },
): Promise<void> {
  const waits: number[] = []
  const { provider } = kit.adapter({ sleep: async (ms) => void waits.push(ms) })
  await expectPaidOnce(kit, async () => {
    expected.throttle(kit.server)
    await kit.run(provider, request)
  })
  expect(waits.slice(0, expected.waits.length)).toEqual(expected.waits)
}

/** Cancelling the run at its first progress report cancels the job at the service, once. */
export async function expectCancelAtService<Server extends ContractHttp, Request, BackEnd extends JobBackEnd<Request, unknown>>(
  kit: AdapterKit<Server, BackEnd>,
  request: Request,
  cancelled: (server: Server) => readonly unknown[],
): Promise<void> {
  const before = cancelled(kit.server).length
  const controller = new AbortController()
  const running = kit.run(kit.adapter().provider, request, { signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled by the person')) })
  await expect(running).rejects.toThrow('cancelled by the person')
  expect(cancelled(kit.server).length - before).toBe(1)
}

/**
 * A service that cannot stop a job: a cancel at the first poll leaves it pending in the ledger, and
 * a later resume lands it in the cache as `landed` says, paid for once.
 */
export async function expectCancelledJobKept<Server extends ContractHttp, Request, BackEnd extends Resumable<Request>>(
  kit: AdapterKit<Server, BackEnd>,
  request: Request,
  expected: { key: string; output: Output; provider: string; landed: Record<string, unknown> },
): Promise<{ remote: RemoteAccess & { calls: string[] }; provider: BackEnd }> {
  const jobs = new MemoryJobLedger()
  const adapter = kit.adapter({ jobs })
  const results = new MemoryResultStore()
  await expectPaidOnce(kit, async () => {
    await expect(stopAtPoll(adapter.provider, request, { jobs, key: expected.key, output: expected.output }, { atPoll: 1, reason: 'cancelled by the person' })).rejects.toThrow('cancelled by the person')
    expect(await jobs.get(expected.key)).toMatchObject({ provider: expected.provider, state: 'pending' })
    const later = kit.adapter({ jobs }).provider
    const report = await resumePendingJobs(adapter.remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => later })
    expect(report).toEqual({ landed: 1, problems: [] })
  })
  expect(results.entries.get(expected.key)).toMatchObject(expected.landed)
  return adapter
}

/** The message `running` fails with while the server's result links (or kept results) are already dead; their lifetime is restored after. */
export async function failureOnceExpired<Lifetime extends string, Server extends Record<Lifetime, number>>(server: Server, lifetime: Lifetime, running: () => Promise<unknown>): Promise<string> {
  const kept = server[lifetime]
  server[lifetime] = -1 as Server[Lifetime]
  try {
    return await failureOf(running())
  } finally {
    server[lifetime] = kept
  }
}
