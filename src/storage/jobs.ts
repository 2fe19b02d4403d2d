import type { JobCharge, JobLedger, RemoteJob } from '../engine'
import { chargeRowSchema, jobRowSchema, type ChargeRow, type JobRow, type ReelgraphDB } from './db'
import { writeWithRoom, type QuotaRecovery } from './quota'

/**
 * The ledger of paid remote jobs, in the `jobs` table. A job is written before its first poll
 * and deleted once its result is in the cache, so whatever is here after a reload was paid for and
 * not yet collected. What each accepted job cost stays in `charges` after the job goes, under the
 * pipeline whose run made it (`forPipeline`): that is what a pipeline has spent so far.
 */
export class JobStore implements JobLedger {
  constructor(
    readonly db: ReelgraphDB,
    readonly recovery: QuotaRecovery,
  ) {}

  async get(key: string): Promise<RemoteJob | undefined> {
    const row = await this.db.jobs.get(key)
    return row === undefined ? undefined : toJob(row)
  }

  async put(job: RemoteJob): Promise<void> {
    const row: JobRow = {
      id: job.key,
      provider: job.provider,
      status: job.state,
      ...(job.remoteId !== undefined ? { remoteId: job.remoteId } : {}),
      output: job.output,
      ...(job.priceUsd !== undefined ? { priceUsd: job.priceUsd } : {}),
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    }
    await writeWithRoom(() => this.db.jobs.put(row), this.recovery, 'paid job')
  }

  async delete(key: string): Promise<void> {
    await this.db.jobs.delete(key)
  }

  /** A charge made outside any pipeline's run (a job followed after a reload): kept, counted for none. */
  charge(charge: JobCharge): Promise<void> {
    return this.#keep(charge, undefined)
  }

  /** The ledger as a pipeline's run uses it: the same jobs, its charges kept under the pipeline. */
  forPipeline(pipelineId: string): JobLedger {
    return {
      get: (key) => this.get(key),
      put: (job) => this.put(job),
      delete: (key) => this.delete(key),
      pending: () => this.pending(),
      charge: (charge) => this.#keep(charge, pipelineId),
    }
  }

  /**
   * What a pipeline's runs have spent so far, in US dollars: the prices of the jobs their providers
   * accepted. A row this build cannot read counts as nothing.
   */
  async spentUsd(pipelineId: string): Promise<number> {
    const rows = await this.db.charges.where('pipelineId').equals(pipelineId).toArray()
    return rows.reduce((sum, row) => sum + (chargeRowSchema.safeParse(row).data?.priceUsd ?? 0), 0)
  }

  async #keep(charge: JobCharge, pipelineId: string | undefined): Promise<void> {
    const row: ChargeRow = { ...charge, ...(pipelineId !== undefined ? { pipelineId } : {}) }
    // Charged once: a job accepted and then found again (recovered, re-followed) keeps its first row.
    await writeWithRoom(
      () => this.db.transaction('rw', this.db.charges, async () => {
        if ((await this.db.charges.get(row.id)) === undefined) await this.db.charges.add(row)
      }),
      this.recovery,
      'paid job',
    )
  }

  /** Every recorded job, oldest first; a row this build cannot read is left alone, not dropped. */
  async pending(): Promise<RemoteJob[]> {
    const rows = await this.db.jobs.orderBy('createdAt').toArray()
    return rows.flatMap((row) => {
      const parsed = jobRowSchema.safeParse(row)
      return parsed.success ? [toJob(parsed.data)] : []
    })
  }
}

function toJob(row: JobRow): RemoteJob {
  return {
    key: row.id,
    provider: row.provider,
    state: row.status,
    ...(row.remoteId !== undefined ? { remoteId: row.remoteId } : {}),
    output: row.output,
    ...(row.priceUsd !== undefined ? { priceUsd: row.priceUsd } : {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}
