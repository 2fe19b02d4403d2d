import { Dexie } from 'dexie'
import { z } from 'zod'
import { assetsIn } from '../engine'
import { resultRowSchema, type ReelgraphDB } from './db'
import type { StorageUsage } from './eviction'

/** Stored media counted together: how many, how large, and how much of it is pinned. */
export interface MediaTally {
  assets: number
  bytes: number
  pinnedBytes: number
}

/** What the results of one node type keep: a generate-video's takes, a grade's frames. */
export interface NodeTypeUsage extends MediaTally {
  nodeType: string
  results: number
}

/** Storage use by what made it, for the storage manager. */
export interface StorageBreakdown extends StorageUsage {
  /** Largest first. An asset several node types refer to counts once, for the first that made it. */
  byNodeType: NodeTypeUsage[]
  /** Media no cached result refers to: imported and uploaded files, kept because they are pinned. */
  unreferenced: MediaTally
}

const sizeKeysSchema = z.array(z.tuple([z.union([z.literal(0), z.literal(1)]), z.number()]))
const makerFactsSchema = resultRowSchema.pick({ nodeType: true, assetHashes: true, createdAt: true })

export async function storageBreakdown(db: ReelgraphDB): Promise<StorageBreakdown> {
  return db.transaction('r', db.assets, db.results, async () => {
    // Read from the [pinned+bytes] index, key and hash in the same order, so no Blob is read.
    const sized = db.assets.orderBy('[pinned+bytes]')
    const sizes = sizeKeysSchema.parse(await sized.keys())
    const hashes = await sized.primaryKeys()
    const results = (await db.results.toArray()).map((stored) => makerFactsSchema.parse(stored)).sort((a, b) => a.createdAt - b.createdAt)

    const byNodeType = new Map<string, NodeTypeUsage>()
    const madeBy = new Map<string, NodeTypeUsage>()
    for (const result of results) {
      const usage = byNodeType.get(result.nodeType) ?? { nodeType: result.nodeType, results: 0, assets: 0, bytes: 0, pinnedBytes: 0 }
      byNodeType.set(result.nodeType, usage)
      usage.results++
      for (const hash of result.assetHashes) if (!madeBy.has(hash)) madeBy.set(hash, usage)
    }

    const unreferenced: MediaTally = { assets: 0, bytes: 0, pinnedBytes: 0 }
    const total = { assetBytes: 0, pinnedBytes: 0 }
    sizes.forEach(([pinned, bytes], i) => {
      const tally = madeBy.get(String(hashes[i])) ?? unreferenced
      tally.assets++
      tally.bytes += bytes
      total.assetBytes += bytes
      if (pinned === 1) {
        tally.pinnedBytes += bytes
        total.pinnedBytes += bytes
      }
    })
    return {
      ...total,
      assetCount: sizes.length,
      resultCount: results.length,
      byNodeType: [...byNodeType.values()].sort((a, b) => b.bytes - a.bytes),
      unreferenced,
    }
  })
}

/** A pinned medium as the storage manager lists it, named from a cached result that holds it when one does. */
export interface PinnedMedium {
  hash: string
  bytes: number
  mime: string
  /** Its take or file name, from a result that refers to it. */
  name?: string
  /** The node type whose result holds it. */
  nodeType?: string
}

/** Every pinned medium in the store, largest first, whichever pipeline it belongs to. */
export async function pinnedMedia(db: ReelgraphDB): Promise<PinnedMedium[]> {
  return db.transaction('r', db.assets, db.results, async () => {
    const pinned = db.assets.where('[pinned+bytes]').between([1, Dexie.minKey], [1, Dexie.maxKey])
    const sizes = sizeKeysSchema.parse(await pinned.keys())
    const hashes = (await pinned.primaryKeys()).map(String)
    const rows = await db.assets.bulkGet(hashes)
    const holders = (await db.results.where('assetHashes').anyOf(hashes).distinct().toArray())
      .flatMap((stored) => {
        const result = resultRowSchema.safeParse(stored)
        return result.success ? [result.data] : []
      })
      .sort((a, b) => a.createdAt - b.createdAt)
    // Named by the first result that held it, as the breakdown counts it.
    const named = new Map<string, { name?: string; nodeType: string }>()
    for (const result of holders) {
      for (const ref of Object.values(result.outputs).flatMap((value) => assetsIn(value))) {
        if (!named.has(ref.hash)) named.set(ref.hash, { nodeType: result.nodeType, ...(ref.meta.name !== undefined ? { name: ref.meta.name } : {}) })
      }
    }
    return hashes
      .map((hash, i) => ({ hash, bytes: sizes[i]?.[1] ?? 0, mime: rows[i]?.mime ?? 'application/octet-stream', ...named.get(hash) }))
      .sort((a, b) => b.bytes - a.bytes)
  })
}
