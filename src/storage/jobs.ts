import type { JobLedger, RemoteJob } from '../engine'
import { jobRowSchema, type JobRow, type ReelgraphDB } from './db'
import { writeWithRoom, type QuotaRecovery } from './quota'

/**
 * The ledger of paid remote jobs, in the `jobs` table. A job is written before its first poll
 * and deleted once its result is in the cache, so whatever is here after a reload was paid for and
 * not yet collected.
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
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    }
    await writeWithRoom(() => this.db.jobs.put(row), this.recovery, 'paid job')
  }

  async delete(key: string): Promise<void> {
    await this.db.jobs.delete(key)
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
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}
