import { Dexie } from 'dexie'
import { z } from 'zod'
import type { RunRecord } from '../engine'
import { formatPath } from '../graph'
import type { ReelgraphDB } from './db'
import { writeWithRoom, type QuotaRecovery } from './quota'
import { keptLogSchema, withinCaps, type KeptLog } from './run-lines'

const docIssueSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.string(),
  message: z.string(),
})

const nodeRunRecordSchema = z.object({
  status: z.enum(['cached', 'done', 'error', 'skipped', 'cancelled']),
  cached: z.boolean(),
  durationMs: z.number(),
  cacheKey: z.string(),
  error: z.string().optional(),
  parts: z.object({ reused: z.number().int().nonnegative(), made: z.number().int().nonnegative() }).optional(),
  costUsd: z.number().optional(),
  warnings: z.array(z.string()).optional(),
})

export const runRecordSchema = z.object({
  id: z.string(),
  pipelineId: z.string(),
  target: z.string().optional(),
  startedAt: z.number(),
  finishedAt: z.number(),
  status: z.enum(['done', 'error', 'cancelled', 'refused']),
  issues: z.array(docIssueSchema).optional(),
  nodes: z.record(z.string(), nodeRunRecordSchema),
  log: keptLogSchema.optional(),
}) satisfies z.ZodType<RecordedRun>

/** A run record as the editor keeps it: with the run's log lines (`run-lines.ts`). */
export interface RecordedRun extends RunRecord {
  log?: KeptLog
}

const DEFAULT_RECENT_RUNS = 20

/** Just what a run record says was spent: an older or damaged record still counts what it can say. */
const spentSchema = z.object({ nodes: z.record(z.string(), z.object({ costUsd: z.number().finite().optional() })) })

/** What each run did, per pipeline, newest first. */
export class RunLog {
  constructor(
    readonly db: ReelgraphDB,
    readonly recovery: QuotaRecovery,
  ) {}

  async add(record: RecordedRun): Promise<void> {
    const kept = record.log ? { ...record, log: withinCaps(record.log) } : record
    await writeWithRoom(() => this.db.runs.put(kept), this.recovery, 'run record')
  }

  /**
   * What every recorded run of a pipeline spent, in US dollars: a paid job is recorded when its
   * provider accepted it, so this is what the pipeline has spent so far. A record that cannot be read
   * at all is counted as nothing spent, and said so by `recent` in the run history.
   */
  async spentUsd(pipelineId: string): Promise<number> {
    const rows = await this.db.runs.where('[pipelineId+startedAt]').between([pipelineId, Dexie.minKey], [pipelineId, Dexie.maxKey]).toArray()
    let spent = 0
    for (const row of rows) {
      const record = spentSchema.safeParse(row)
      if (!record.success) continue
      for (const node of Object.values(record.data.nodes)) spent += node.costUsd ?? 0
    }
    return spent
  }

  async recent(pipelineId: string, limit = DEFAULT_RECENT_RUNS): Promise<RecordedRun[]> {
    const stored = await this.db.runs
      .where('[pipelineId+startedAt]')
      .between([pipelineId, Dexie.minKey], [pipelineId, Dexie.maxKey])
      .reverse()
      .limit(limit)
      .toArray()
    return stored.map((row) => {
      const record = runRecordSchema.safeParse(row)
      if (record.success) return record.data
      const issue = record.error.issues[0]
      throw new Error(
        `The record of run ${row.id} is damaged and cannot be read: ${formatPath(issue?.path ?? [])}: ${issue?.message ?? 'unreadable'}.`,
      )
    })
  }
}
