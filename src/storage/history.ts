import { Dexie } from 'dexie'
import { parsePipelineValue, type PipelineDoc } from '../graph'
import { snapshotRowSchema, type ReelgraphDB, type SnapshotRow } from './db'

/** Saved states kept per pipeline; the oldest is dropped when a save would keep more. */
export const SNAPSHOTS_KEPT = 50
/** About what one pipeline's history may take on disk: a large document keeps fewer versions. */
export const HISTORY_BYTES = 32 * 1024 * 1024
/** However large the document, this many versions are kept. */
const SNAPSHOTS_KEPT_AT_LEAST = 3

/** How many versions of a document this size are kept: the count bound, or fewer for the byte bound. */
export function snapshotsKept(docBytes: number): number {
  return Math.max(SNAPSHOTS_KEPT_AT_LEAST, Math.min(SNAPSHOTS_KEPT, Math.floor(HISTORY_BYTES / Math.max(1, docBytes))))
}

/** One saved state, without its document. */
export interface SnapshotSummary {
  id: number
  pipelineId: string
  savedAt: number
  name: string
  nodeCount: number
}

/**
 * A pipeline's version history: every save keeps the document as it was saved. Written by the
 * library inside its save, so a document on disk always has its snapshot.
 */
export class PipelineHistory {
  constructor(readonly db: ReelgraphDB) {}

  /**
   * Keeps `doc` as saved at `savedAt` and drops what is past the bound, counted in versions of this
   * document's size (so older versions need not be read to be weighed). Call inside a transaction
   * over `snapshots`.
   */
  async keep(doc: PipelineDoc, savedAt: number): Promise<void> {
    await this.db.snapshots.add({ pipelineId: doc.id, savedAt, name: doc.name, nodeCount: doc.nodes.length, doc })
    const keys = await this.#range(doc.id).primaryKeys()
    const surplus = keys.length - snapshotsKept(JSON.stringify(doc).length)
    if (surplus > 0) await this.db.snapshots.bulkDelete(keys.slice(0, surplus))
  }

  /** Newest first. */
  async list(pipelineId: string): Promise<SnapshotSummary[]> {
    const rows = await this.#range(pipelineId).reverse().toArray()
    return rows.map((stored) => {
      const { id, pipelineId: owner, savedAt, name, nodeCount } = readSnapshot(stored)
      return { id: id ?? 0, pipelineId: owner, savedAt, name, nodeCount }
    })
  }

  /** The document of one snapshot, migrated to today's format. */
  async get(id: number): Promise<PipelineDoc> {
    const stored = await this.db.snapshots.get(id)
    if (!stored) throw new Error(`That saved version (${id}) is not kept any more.`)
    const row = readSnapshot(stored)
    const parsed = parsePipelineValue(row.doc)
    if (!parsed.ok) {
      const first = parsed.issues[0]
      throw new Error(`The version saved ${new Date(row.savedAt).toLocaleString()} cannot be read: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}.`)
    }
    return parsed.doc
  }

  /** Forgets a pipeline's history; call inside a transaction over `snapshots`. */
  async forget(pipelineId: string): Promise<void> {
    await this.#range(pipelineId).delete()
  }

  #range(pipelineId: string) {
    return this.db.snapshots.where('[pipelineId+savedAt]').between([pipelineId, Dexie.minKey], [pipelineId, Dexie.maxKey])
  }
}

function readSnapshot(stored: unknown): SnapshotRow {
  const row = snapshotRowSchema.safeParse(stored)
  if (row.success) return row.data
  throw new Error(`A saved version is damaged and cannot be read: ${row.error.issues[0]?.message ?? 'unknown problem'}.`)
}
