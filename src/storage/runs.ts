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
