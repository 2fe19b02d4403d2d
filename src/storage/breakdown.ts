import { z } from 'zod'
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
