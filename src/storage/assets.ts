import { hashBytes, type AssetAccess, type AssetKind, type AssetMeta, type AssetReadOptions, type AssetRef } from '../engine'
import { assetRowSchema, type AssetRow, type ReelgraphDB } from './db'
import { readAssetFacts, type AssetFacts, type CacheBudget } from './eviction'
import { writeWithRoom } from './quota'

/** A node asked for media that is no longer stored. */
export class MissingAssetError extends Error {
  override readonly name = 'MissingAssetError'

  constructor(readonly hash: string) {
    super(`Asset ${hash.slice(0, 12)}… is not in the store (it may have been evicted); re-run the node that made it.`)
  }
}

/**
 * Makes the file that bytes of one type stand for: a chain of pixel nodes kept as a recipe is
 * rendered when something asks for its picture (docs/architecture.md, "Chains of pixel nodes").
 */
export interface OnDemandFiles {
  mime: string
  /** Reports on the making and stops when `options.signal` aborts, storing nothing half made. */
  make(stored: Blob, hash: string, options: AssetReadOptions): Promise<Blob>
}

/** Media bytes, stored once by SHA-256 content hash however often they are put. */
export class AssetStore implements AssetAccess {
  readonly #storedListeners = new Set<(hash: string) => void>()
  #onDemand: OnDemandFiles | undefined

  constructor(
    readonly db: ReelgraphDB,
    readonly budget: CacheBudget,
  ) {}

  async put(
    data: Blob,
    info: { kind: AssetKind; mime?: string; meta?: AssetMeta },
    options: { pin?: boolean } = {},
  ): Promise<AssetRef> {
    const hash = await hashBytes(data)
    const mime = info.mime ?? (data.type || 'application/octet-stream')
    const pin = options.pin === true
    const cachedBytesAdded = await writeWithRoom(() => this.#store(hash, data, mime, pin), this.budget, 'media')
    this.budget.adjust(cachedBytesAdded)
    for (const listener of this.#storedListeners) listener(hash)
    return { kind: info.kind, hash, mime, bytes: data.size, meta: info.meta ?? {} }
  }

  /** Writes the bytes unless they are already stored; returns how the unpinned total changed. */
  #store(hash: string, data: Blob, mime: string, pin: boolean): Promise<number> {
    const now = Date.now()
    return this.db.transaction('rw', this.db.assets, async () => {
      const [existing] = await readAssetFacts(this.db, [hash])
      if (existing) {
        // Marks the bytes as written again, so an eviction running now keeps them for this node's result.
        await this.db.assets.update(hash, pin ? { lastUsed: now, pinned: 1 } : { lastUsed: now })
        return pin && existing.pinned === 0 ? -existing.bytes : 0
      }
      await this.db.assets.add({
        hash,
        data: data.type === mime ? data : data.slice(0, data.size, mime),
        mime,
        bytes: data.size,
        pinned: pin ? 1 : 0,
        createdAt: now,
        lastUsed: now,
      })
      return pin ? 0 : data.size
    })
  }

  /**
   * The asset's file; for bytes that stand for a file made on demand (see `makeOnDemand`), that file,
   * made with `options`' progress and signal.
   */
  async get(ref: AssetRef | string, options: AssetReadOptions = {}): Promise<Blob> {
    const hash = typeof ref === 'string' ? ref : ref.hash
    const row = await this.#row(hash)
    const onDemand = this.#onDemand
    return onDemand && row.mime === onDemand.mime ? onDemand.make(row.data, hash, options) : row.data
  }

  /** The bytes as they were put, never a file made from them. */
  async getStored(ref: AssetRef | string): Promise<Blob> {
    return (await this.#row(typeof ref === 'string' ? ref : ref.hash)).data
  }

  /** From now on, `get` of an asset stored as `files.mime` gives the file `files.make` makes from it. */
  makeOnDemand(files: OnDemandFiles): void {
    this.#onDemand = files
  }

  async #row(hash: string): Promise<AssetRow> {
    const stored = await this.db.assets.get(hash)
    if (!stored) throw new MissingAssetError(hash)
    const row = assetRowSchema.safeParse(stored)
    if (!row.success) {
      throw new Error(`Asset ${hash.slice(0, 12)}… is damaged in the store; re-run the node that made it.`)
    }
    return row.data
  }

  /**
   * Calls `listener` with each hash put from now on, so what showed a file as missing (a shared link's
   * plate) shows it once a bundle or a drop brings it. Returns the call that stops listening.
   */
  onStored(listener: (hash: string) => void): () => void {
    this.#storedListeners.add(listener)
    return () => this.#storedListeners.delete(listener)
  }

  async has(hash: string): Promise<boolean> {
    // Counted on the key alone, so the bytes are not read.
    return (await this.db.assets.where('hash').equals(hash).count()) > 0
  }

  /** Size, pin and last write of those of `hashes` that are stored, without their bytes. */
  facts(hashes: readonly string[]): Promise<AssetFacts[]> {
    return readAssetFacts(this.db, hashes)
  }

  /** A pinned asset (a chosen take, an export, a document's own input) is never evicted. */
  async pin(ref: AssetRef | string): Promise<void> {
    await this.#setPinned(typeof ref === 'string' ? ref : ref.hash, true)
  }

  async unpin(hash: string): Promise<void> {
    await this.#setPinned(hash, false)
  }

  async #setPinned(hash: string, pin: boolean): Promise<void> {
    const cachedBytesAdded = await this.db.transaction('rw', this.db.assets, async () => {
      const [existing] = await readAssetFacts(this.db, [hash])
      if (!existing) throw new MissingAssetError(hash)
      if ((existing.pinned === 1) === pin) return 0
      await this.db.assets.update(hash, { pinned: pin ? 1 : 0 })
      return pin ? -existing.bytes : existing.bytes
    })
    this.budget.adjust(cachedBytesAdded)
  }
}
