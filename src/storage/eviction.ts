import { Dexie } from 'dexie'
import { z } from 'zod'
import { assetRowSchema, ReelgraphDB, resultRowSchema, type AssetRow } from './db'
import type { Storage } from './open'
import type { QuotaRecovery } from './quota'

export interface StorageUsage {
  /** Every stored asset, pinned ones included. */
  assetBytes: number
  pinnedBytes: number
  assetCount: number
  resultCount: number
}

export interface EvictionResult {
  evictedResults: number
  freedBytes: number
}

const sizeKeysSchema = z.array(z.tuple([z.union([z.literal(0), z.literal(1)]), z.number()]))

export async function storageUsage(db: ReelgraphDB): Promise<StorageUsage> {
  return db.transaction('r', db.assets, db.results, async () => {
    // Summed from the [pinned+bytes] index, so no asset row (nor its Blob) is read.
    const sizes = sizeKeysSchema.parse(await db.assets.orderBy('[pinned+bytes]').keys())
    let assetBytes = 0
    let pinnedBytes = 0
    for (const [pinned, bytes] of sizes) {
      assetBytes += bytes
      if (pinned === 1) pinnedBytes += bytes
    }
    return { assetBytes, pinnedBytes, assetCount: sizes.length, resultCount: await db.results.count() }
  })
}

/** The bytes the cache budget governs: pinned assets are kept things, not cache. */
function cachedBytesOf(usage: StorageUsage): number {
  return usage.assetBytes - usage.pinnedBytes
}

const unpinnedSizeKeysSchema = z.array(z.tuple([z.literal(0), z.number()]))

/** The unpinned assets' bytes from the [pinned+bytes] index alone: no asset row read, no result counted. */
async function cachedBytesStored(db: ReelgraphDB): Promise<number> {
  const sizes = unpinnedSizeKeysSchema.parse(await db.assets.where('[pinned+bytes]').between([0, Dexie.minKey], [0, Dexie.maxKey]).keys())
  return sizes.reduce((sum, [, bytes]) => sum + bytes, 0)
}

/**
 * Evicts least-recently-used results until the unpinned assets fit in `budgetBytes`. An asset goes
 * with the last result that refers to it, unless it is pinned; a result whose media are all pinned
 * is kept (one pinned take of several keeps its own cached part, not the node's list of takes). Given the whole storage, pending result writes land first, so a result that was
 * just used counts as recently used.
 */
export async function enforceBudget(storage: Storage | ReelgraphDB, budgetBytes: number): Promise<EvictionResult> {
  if (storage instanceof ReelgraphDB) return evictToBudget(storage, budgetBytes)
  await storage.results.flush()
  return evictToBudget(storage.db, budgetBytes)
}

// Results are evicted in small transactions, so result writes and reads interleave with a long eviction.
const EVICTION_BATCH_SIZE = 100

const evictionFactsSchema = resultRowSchema.pick({ key: true, lastUsed: true, assetHashes: true })

async function evictToBudget(db: ReelgraphDB, budgetBytes: number): Promise<EvictionResult> {
  const startedAt = Date.now()
  const excessBytes = cachedBytesOf(await storageUsage(db)) - budgetBytes
  const evicted: EvictionResult = { evictedResults: 0, freedBytes: 0 }
  if (excessBytes <= 0) return evicted

  const leastRecentlyUsedFirst = await db.results.orderBy('lastUsed').primaryKeys()
  for (let start = 0; start < leastRecentlyUsedFirst.length; start += EVICTION_BATCH_SIZE) {
    if (evicted.freedBytes >= excessBytes) break
    const batch = leastRecentlyUsedFirst.slice(start, start + EVICTION_BATCH_SIZE)
    const fromBatch = await db.transaction('rw', db.results, db.assets, async () => {
      const done: EvictionResult = { evictedResults: 0, freedBytes: 0 }
      for (const stored of await db.results.bulkGet(batch)) {
        if (evicted.freedBytes + done.freedBytes >= excessBytes) break
        if (!stored) continue
        const result = evictionFactsSchema.parse(stored)
        // Used since this eviction began: no longer among the least recently used.
        if (result.lastUsed > startedAt) continue
        const assets = await readAssetFacts(db, result.assetHashes)
        // Evicting it would free nothing, and the pinned media would no longer be found as its result.
        if (assets.length > 0 && assets.every((asset) => asset.pinned === 1)) continue
        await db.results.delete(result.key)
        done.evictedResults++
        done.freedBytes += await releaseAssets(db, assets, result.lastUsed)
      }
      return done
    })
    evicted.evictedResults += fromBatch.evictedResults
    evicted.freedBytes += fromBatch.freedBytes
  }
  return evicted
}

const assetFactsSchema = assetRowSchema.omit({ data: true })
export type AssetFacts = z.infer<typeof assetFactsSchema>

/** The stored facts (size, pin, last write) of the assets that are present, without their bytes. */
export async function readAssetFacts(db: ReelgraphDB, hashes: readonly string[]): Promise<AssetFacts[]> {
  const rows = await db.assets.bulkGet([...hashes])
  return rows.filter((row): row is AssetRow => row !== undefined).map((row) => assetFactsSchema.parse(row))
}

/**
 * After a result is deleted, deletes those of its assets that no remaining result refers to and
 * that are not pinned. Runs inside a read-write transaction on results and assets; returns the
 * bytes freed.
 */
export async function releaseAssets(db: ReelgraphDB, assets: readonly AssetFacts[], resultLastUsed: number): Promise<number> {
  let freedBytes = 0
  for (const asset of assets) {
    if (asset.pinned === 1) continue
    // Written again after its result was last used: a running node is producing these bytes now,
    // and its result, not yet stored, will refer to them.
    if (asset.lastUsed > resultLastUsed) continue
    if ((await db.results.where('assetHashes').equals(asset.hash).count()) > 0) continue
    await db.assets.delete(asset.hash)
    freedBytes += asset.bytes
  }
  return freedBytes
}

// After an automatic eviction the cache settles below its budget, so the next few writes do not
// each start another one.
const AUTOMATIC_EVICTION_TARGET = 0.9
// When the browser's quota refuses a write, the cache makes real room rather than a sliver.
const QUOTA_EVICTION_TARGET = 0.5

/**
 * Keeps the cache within its budget without measuring it on every write: a running total of the
 * unpinned asset bytes, measured once, then adjusted as assets come and go.
 */
export class CacheBudget implements QuotaRecovery {
  /** Unknown until first measured, and again after deletions whose size is not tracked. */
  #cachedBytes: number | undefined

  constructor(
    readonly db: ReelgraphDB,
    readonly budgetBytes: () => Promise<number>,
  ) {}

  /** Unpinned bytes were added (positive) or left the cache by being pinned (negative). */
  adjust(deltaBytes: number): void {
    if (this.#cachedBytes !== undefined) this.#cachedBytes += deltaBytes
  }

  /** The total is measured again at the next check. */
  forget(): void {
    this.#cachedBytes = undefined
  }

  /** Evicts least-recently-used results once the cache has grown past its budget. */
  async check(): Promise<void> {
    const budgetBytes = await this.budgetBytes()
    this.#cachedBytes ??= await cachedBytesStored(this.db)
    if (this.#cachedBytes <= budgetBytes) return
    await evictToBudget(this.db, budgetBytes * AUTOMATIC_EVICTION_TARGET)
    this.#cachedBytes = await cachedBytesStored(this.db)
  }

  async makeRoom(): Promise<void> {
    await evictToBudget(this.db, (await this.budgetBytes()) * QUOTA_EVICTION_TARGET)
    this.forget()
  }

  usage(): Promise<StorageUsage> {
    return storageUsage(this.db)
  }
}
