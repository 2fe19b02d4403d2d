/*
 * What a node that calls a remote service (a cloud generation API) is given: a way to reach it,
 * the person's key for it, and the ledger of paid jobs. The app routes calls through its
 * same-origin proxy and keeps keys in the `secrets` table; tests route them to contract servers.
 */

/** A paid remote job, recorded before its first poll so a reload or a crash does not lose it. */
export interface RemoteJob {
  /** The cache key of the result the job makes: a re-run of the same take finds its job by it. */
  key: string
  provider: string
  /** `submitting` until the provider has answered with its id; `pending` while it works. */
  state: 'submitting' | 'pending'
  /** The provider's id for the job (task id, request id, operation name…). */
  remoteId?: string
  /** What the result is, so a job resumed after a reload lands in the cache as the run would have put it. */
  output: { nodeType: string; port: string; meta: Record<string, unknown> }
  /** What the job costs at the provider's price, charged to the ledger once the provider accepts it. */
  priceUsd?: number
  createdAt: number
  updatedAt: number
}

/**
 * What one paid request cost, kept by the ledger after its job is collected: the sum of a
 * pipeline's charges is what it has spent so far. Only a request the provider accepted is charged.
 */
export interface JobCharge {
  /** One per accepted request: a job's key with the provider's id for it, so a job charged twice counts once. */
  id: string
  provider: string
  priceUsd: number
  acceptedAt: number
}

/** A server the person runs for a provider: where it listens, and how many jobs it is given at once. */
export interface OwnServer {
  url: string
  jobsAtOnce: number
}

export interface JobLedger {
  get(key: string): Promise<RemoteJob | undefined>
  put(job: RemoteJob): Promise<void>
  delete(key: string): Promise<void>
  pending(): Promise<RemoteJob[]>
  /** Keeps what an accepted request cost; a charge under an id already kept is not counted again. */
  charge(charge: JobCharge): Promise<void>
}

/** The charge of a job its provider has accepted under `remoteId`, when it has a price. */
export function chargeOf(job: Pick<RemoteJob, 'key' | 'provider' | 'priceUsd'>, remoteId: string, acceptedAt: number): JobCharge | undefined {
  if (job.priceUsd === undefined || job.priceUsd <= 0) return undefined
  return { id: `${job.key} ${remoteId}`, provider: job.provider, priceUsd: job.priceUsd, acceptedAt }
}

export interface RemoteAccess {
  /**
   * Calls a remote API by its real URL (`https://api.example.com/v1/…`); where the call goes on the
   * way (the app's proxy, a contract server) is the caller's business.
   */
  fetch(url: string, init?: RequestInit): Promise<Response>
  /** The person's API key for a provider, or undefined when none was entered. */
  key(provider: string): Promise<string | undefined>
  /**
   * The servers the person runs for a provider (ComfyUI's addresses, from the settings), each with
   * the jobs it is given at once; undefined, or absent, for the provider's default address.
   */
  servers?(provider: string): Promise<readonly OwnServer[] | undefined>
  jobs: JobLedger
}

/** Jobs kept in memory: for tests and for a context that keeps nothing. */
export class MemoryJobLedger implements JobLedger {
  readonly jobs = new Map<string, RemoteJob>()
  readonly charges = new Map<string, JobCharge>()

  async get(key: string): Promise<RemoteJob | undefined> {
    return this.jobs.get(key)
  }

  async put(job: RemoteJob): Promise<void> {
    this.jobs.set(job.key, job)
  }

  async delete(key: string): Promise<void> {
    this.jobs.delete(key)
  }

  async pending(): Promise<RemoteJob[]> {
    return [...this.jobs.values()]
  }

  async charge(charge: JobCharge): Promise<void> {
    if (!this.charges.has(charge.id)) this.charges.set(charge.id, charge)
  }
}

/** No network and no keys: what a run gets when nothing remote was provided. */
export function offlineAccess(jobs: JobLedger = new MemoryJobLedger()): RemoteAccess {
  return {
    fetch: async (url) => {
      throw new Error(`this run has no network access (asked for ${new URL(url).host})`)
    },
    key: async () => undefined,
    jobs,
  }
}
