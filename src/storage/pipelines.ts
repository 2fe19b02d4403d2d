import { Dexie } from 'dexie'
import type { z } from 'zod'
import { formatPath, parsePipelineValue, pipelineDocSchema, type DocIssue, type PipelineDoc } from '../graph'
import { pipelineRowSchema, type PipelineRow, type ReelgraphDB } from './db'
import { PipelineHistory } from './history'
import { writeWithRoom, type QuotaRecovery } from './quota'

export interface PipelineSummary {
  id: string
  name: string
  description: string
  nodeCount: number
  createdAt: number
  updatedAt: number
}

/** The person's saved pipelines. Every write is validated first, so what is saved can be opened again. */
export class PipelineLibrary {
  /** Every save keeps a snapshot here. */
  readonly history: PipelineHistory

  constructor(
    readonly db: ReelgraphDB,
    readonly recovery: QuotaRecovery,
  ) {
    this.history = new PipelineHistory(db)
  }

  /** Newest first. */
  async list(): Promise<PipelineSummary[]> {
    const rows = await this.db.pipelines.orderBy('updatedAt').reverse().toArray()
    return rows.map((stored) => summaryOf(readRow(stored)))
  }

  /** The saved document, migrated to today's format; throws a clear error when it cannot be read. */
  async get(id: string): Promise<PipelineDoc | undefined> {
    const stored = await this.db.pipelines.get(id)
    if (!stored) return undefined
    const row = readRow(stored)
    const parsed = parsePipelineValue(row.doc)
    if (!parsed.ok) throw new Error(`The saved pipeline "${row.name}" cannot be opened: ${describeIssues(parsed.issues)}.`)
    return parsed.doc
  }

  /** Saves the document, new or not, and keeps a snapshot of it in its history; the autosave path. */
  async save(doc: PipelineDoc): Promise<void> {
    const checked = checkDocument(doc)
    const stored = await this.db.pipelines.get(checked.id)
    const now = Date.now()
    const createdAt = stored ? readRow(stored).createdAt : now
    await this.#write(() =>
      this.db.transaction('rw', this.db.pipelines, this.db.snapshots, async () => {
        await this.db.pipelines.put(rowOf(checked, createdAt, now))
        await this.history.keep(checked, now)
      }),
    )
  }

  /** Saves a new pipeline; refuses an id that is already taken. */
  async create(doc: PipelineDoc): Promise<void> {
    const checked = checkDocument(doc)
    const now = Date.now()
    try {
      await this.#write(() =>
        this.db.transaction('rw', this.db.pipelines, this.db.snapshots, async () => {
          await this.db.pipelines.add(rowOf(checked, now, now))
          await this.history.keep(checked, now)
        }),
      )
    } catch (error) {
      if (error instanceof Dexie.ConstraintError) {
        throw new Error(`A pipeline with the id "${checked.id}" already exists; "${checked.name}" was not created.`, {
          cause: error,
        })
      }
      throw error
    }
  }

  async rename(id: string, name: string): Promise<void> {
    const doc = await this.#existing(id, 'rename')
    await this.save({ ...doc, name })
  }

  /** Saves a copy under `newId`, named "<name> copy" unless a name is given, and returns it. */
  async duplicate(id: string, newId: string, newName?: string): Promise<PipelineDoc> {
    const doc = await this.#existing(id, 'duplicate')
    const copy: PipelineDoc = { ...doc, id: newId, name: newName ?? `${doc.name} copy` }
    await this.create(copy)
    return copy
  }

  /** Deletes the pipeline, its history and the records of its runs. Its pinned media stays pinned. */
  async delete(id: string): Promise<void> {
    await this.db.transaction('rw', this.db.pipelines, this.db.runs, this.db.snapshots, async () => {
      await this.db.pipelines.delete(id)
      await this.history.forget(id)
      await this.db.runs.where('[pipelineId+startedAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete()
    })
  }

  async #existing(id: string, action: string): Promise<PipelineDoc> {
    const doc = await this.get(id)
    if (!doc) throw new Error(`There is no saved pipeline with the id "${id}" to ${action}.`)
    return doc
  }

  /** A document save is tried first; only if the disk is full are cached results evicted, then it is tried once more. */
  async #write(write: () => Promise<unknown>): Promise<void> {
    await writeWithRoom(write, this.recovery, 'pipeline')
  }
}

function checkDocument(doc: PipelineDoc): PipelineDoc {
  const checked = pipelineDocSchema.safeParse(doc)
  if (checked.success) return checked.data
  throw new Error(`The pipeline "${doc.name}" was not saved: ${describeZodIssues(checked.error)}.`)
}

function rowOf(doc: PipelineDoc, createdAt: number, updatedAt: number): PipelineRow {
  return {
    id: doc.id,
    name: doc.name,
    description: doc.description,
    nodeCount: doc.nodes.length,
    createdAt,
    updatedAt,
    doc,
  }
}

function summaryOf(row: PipelineRow): PipelineSummary {
  const { id, name, description, nodeCount, createdAt, updatedAt } = row
  return { id, name, description, nodeCount, createdAt, updatedAt }
}

function readRow(stored: unknown): PipelineRow {
  const row = pipelineRowSchema.safeParse(stored)
  if (row.success) return row.data
  const name = describeStoredPipeline(stored)
  throw new Error(`The saved pipeline ${name} is damaged and cannot be read: ${describeZodIssues(row.error)}.`)
}

/** The best name a damaged row still offers: its name, else its id. */
function describeStoredPipeline(stored: unknown): string {
  if (typeof stored !== 'object' || stored === null) return '(unnamed)'
  const { name, id } = stored as { name?: unknown; id?: unknown }
  if (typeof name === 'string') return `"${name}"`
  return typeof id === 'string' ? `with the id "${id}"` : '(unnamed)'
}

// The first few problems say enough; a long list buries them.
const ISSUES_SHOWN = 3

function describeIssues(issues: readonly DocIssue[]): string {
  return issues
    .slice(0, ISSUES_SHOWN)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ')
}

function describeZodIssues(error: z.ZodError): string {
  return describeIssues(error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })))
}
