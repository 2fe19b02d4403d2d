import { Dexie } from 'dexie'
import { z } from 'zod'
import { assetsIn, nextTurn, type Outputs, type ResultStore } from '../engine'
import { resultRowSchema, type ReelgraphDB, type ResultRow } from './db'
import { readAssetFacts, releaseAssets, type CacheBudget, type EvictionResult } from './eviction'
import { writeWithRoom } from './quota'

const evictionFactsSchema = resultRowSchema.pick({ key: true, assetHashes: true })
const unpinnedSizesSchema = z.array(z.tuple([z.literal(0), z.number()]))

/**
 * How finely the last use of a result is kept. A hit used again within this time is not written
 * back: least-recently-used eviction cannot tell a minute apart in practice, and a pipeline run
 * again at once (a param changed, the runner run twice) would otherwise rewrite every cached row.
 */
export const LAST_USE_RESOLUTION_MS = 60_000

interface QueuedPut {
  row: ResultRow
  waiting: { resolve: () => void; reject: (error: unknown) => void }[]
}

/**
 * The result cache: cache key → a node's outputs. Writes are coalesced: puts and last-used marks
 * that arrive while a transaction is in flight (or in the same tick) share the next one, so a
 * 5,000-node run does not pay for 5,000 transactions.
 */
export class ResultCache implements ResultStore {
  readonly #queuedPuts = new Map<string, QueuedPut>()
  /** Puts queued or in flight, so a read right after a put finds it. */
  readonly #unsettledRows = new Map<string, ResultRow>()
  /** Cache key → when it was last used, for hits not yet written back. */
  readonly #queuedTouches = new Map<string, number>()
  #writing: Promise<void> = Promise.resolve()
  #batchScheduled = false
  /** The cache budget's checks after batches, one after another, beside the writes rather than before the next. */
  #checking: Promise<void> = Promise.resolve()
  #checkQueued = false

  constructor(
    readonly db: ReelgraphDB,
    readonly budget: CacheBudget,
  ) {}

  /**
   * One read for all keys. A result whose assets are not all stored any more is a miss: its media
   * would fail the node that reads it.
   */
  async getMany(keys: readonly string[]): Promise<(Outputs | undefined)[]> {
    if (keys.length === 0) return []
    // Taken before the read: a put missing from the read is still here, whichever lands first.
    const unsettled = keys.map((key) => this.#unsettledRows.get(key))
    const { rows, presentHashes } = await this.db.transaction('r', this.db.results, this.db.assets, async () => {
      // IndexedDB reads key by key. A cache with nothing in it (a fresh profile: every cold run of
      // the runner) answers every key at once: one request instead of one a key.
      if (keys.length > 1 && (await this.db.results.limit(1).primaryKeys()).length === 0) return { rows: [], presentHashes: new Set<string>() }
      const rows = (await this.db.results.bulkGet([...keys])).map((stored, i) => readResultRow(stored, keys[i] as string))
      const hashes = [...new Set(rows.flatMap((row) => row?.assetHashes ?? []))]
      const presentHashes = new Set(await this.db.assets.where('hash').anyOf(hashes).primaryKeys())
      return { rows, presentHashes }
    })

    const now = Date.now()
    const found = keys.map((key, i) => {
      const written = unsettled[i]
      if (written) return written.outputs
      const row = rows[i]
      if (!row || !row.assetHashes.every((hash) => presentHashes.has(hash))) return undefined
      if (now - row.lastUsed >= LAST_USE_RESOLUTION_MS) this.#queuedTouches.set(key, now)
      return row.outputs
    })
    if (this.#queuedTouches.size > 0) this.#scheduleBatch()
    return found
  }

  /** Resolves once the result is durable; rejects with StorageFullError when the disk quota refuses it. */
  put(key: string, entry: { outputs: Outputs; nodeType: string; durationMs: number }): Promise<void> {
    const now = Date.now()
    const assets = new Map(Object.values(entry.outputs).flatMap((value) => assetsIn(value)).map((ref) => [ref.hash, ref]))
    const row: ResultRow = {
      key,
      outputs: entry.outputs,
      nodeType: entry.nodeType,
      durationMs: entry.durationMs,
      bytes: [...assets.values()].reduce((sum, ref) => sum + ref.bytes, 0),
      createdAt: now,
      lastUsed: now,
      assetHashes: [...assets.keys()],
    }
    return new Promise((resolve, reject) => {
      const waiting = this.#queuedPuts.get(key)?.waiting ?? []
      this.#queuedPuts.set(key, { row, waiting: [...waiting, { resolve, reject }] })
      this.#unsettledRows.set(key, row)
      this.#scheduleBatch()
    })
  }

  /** Resolves when every write queued so far has been attempted (and the budget checked after it). */
  flush(): Promise<void> {
    return this.#writing.then(() => this.#checking)
  }

  /** Deletes one result, and its assets when no other result refers to them and they are not pinned. */
  async delete(key: string): Promise<void> {
    await this.flush()
    await this.db.transaction('rw', this.db.results, this.db.assets, async () => {
      const stored = await this.db.results.get(key)
      if (!stored) return
      await this.db.results.delete(key)
      const row = readResultRow(stored, key)
      if (row) await releaseAssets(this.db, await readAssetFacts(this.db, row.assetHashes), row.lastUsed)
    })
    this.budget.forget()
  }

  async count(): Promise<number> {
    await this.flush()
    return this.db.results.count()
  }

  /**
   * Evicts everything that is not pinned: every unpinned asset, and every result that refers to one
   * (or to no media at all, a text or a number). A result whose media are all pinned stays, so a
   * pinned take is found again by the node that made it.
   */
  async evictUnpinned(): Promise<EvictionResult> {
    await this.flush()
    const { assets, results } = this.db
    const evicted = await this.db.transaction('rw', results, assets, async () => {
      const pinned = new Set(await assets.where('[pinned+bytes]').between([1, Dexie.minKey], [1, Dexie.maxKey]).primaryKeys())
      const gone = (await results.toArray())
        .map((stored) => evictionFactsSchema.parse(stored))
        .filter((row) => row.assetHashes.length === 0 || row.assetHashes.some((hash) => !pinned.has(hash)))
        .map((row) => row.key)
      await results.bulkDelete(gone)
      const unpinned = assets.where('[pinned+bytes]').between([0, Dexie.minKey], [0, Dexie.maxKey])
      const sizes = unpinnedSizesSchema.parse(await unpinned.keys())
      await assets.bulkDelete(await unpinned.primaryKeys())
      const freedBytes = sizes.reduce((sum, [, bytes]) => sum + bytes, 0)
      return { evictedResults: gone.length, freedBytes }
    })
    this.budget.forget()
    return evicted
  }

  #scheduleBatch(): void {
    if (this.#batchScheduled) return
    this.#batchScheduled = true
    // After the transaction in flight, and one more tick for puts arriving in the same burst.
    this.#writing = this.#writing.then(nextTurn).then(() => {
      this.#batchScheduled = false
      return this.#writeBatch()
    })
  }

  /** Never rejects: a failed put rejects its own promise; a failed last-used mark is only reported. */
  async #writeBatch(): Promise<void> {
    const puts = [...this.#queuedPuts.values()]
    const touches = new Map(this.#queuedTouches)
    this.#queuedPuts.clear()
    this.#queuedTouches.clear()
    try {
      await writeWithRoom(() => this.#commit(puts, touches), this.budget, 'result')
      for (const put of puts) for (const waiter of put.waiting) waiter.resolve()
      this.#settle(puts)
    } catch (error) {
      for (const put of puts) for (const waiter of put.waiting) waiter.reject(error)
      this.#settle(puts)
      // Without a put to reject, the only loss is eviction order; say so rather than stay silent.
      if (puts.length === 0) console.warn('Reelgraph could not record which cached results were used', error)
      return
    }
    if (puts.length > 0) this.#checkBudget()
  }

  /**
   * Keeps the cache within its budget after a batch, without holding back the next batch: a run's
   * results keep landing while it is measured. A check still waiting covers the batches before it.
   */
  #checkBudget(): void {
    if (this.#checkQueued) return
    this.#checkQueued = true
    this.#checking = this.#checking.then(async () => {
      this.#checkQueued = false
      try {
        await this.budget.check()
      } catch (error) {
        console.warn('Reelgraph could not keep the cache within its budget', error)
      }
    })
  }

  #settle(puts: readonly QueuedPut[]): void {
    for (const { row } of puts) {
      // A newer put of the same key stays until it lands too.
      if (this.#unsettledRows.get(row.key) === row) this.#unsettledRows.delete(row.key)
    }
  }

  #commit(puts: readonly QueuedPut[], touches: ReadonlyMap<string, number>): Promise<void> {
    return this.db.transaction('rw', this.db.results, async () => {
      if (puts.length > 0) await this.db.results.bulkPut(puts.map((put) => put.row))
      // A row put in this batch already carries its newest use. bulkUpdate writes by key; a
      // where().anyOf().modify() walked a cursor and took seconds for a few thousand hits.
      const written = new Set(puts.map((put) => put.row.key))
      const changes = [...touches]
        .filter(([key]) => !written.has(key))
        .map(([key, lastUsed]) => ({ key, changes: { lastUsed } }))
      if (changes.length > 0) await this.db.results.bulkUpdate(changes)
    })
  }
}

function readResultRow(stored: unknown, key: string): ResultRow | undefined {
  if (stored === undefined) return undefined
  const row = resultRowSchema.safeParse(stored)
  if (row.success) return row.data
  // A damaged row counts as not cached: the node runs again and its new result replaces the row.
  console.warn(`Reelgraph found a damaged cached result (${key}) and treats it as not cached`, row.error)
  return undefined
}
