import { canonicalJson } from './cache-key'
import type { AssetAccess, RunContext } from './define-node'
import { offlineAccess, type RemoteAccess } from './remote'
import type { ResultStore } from './results'
import type { AssetKind, AssetMeta, AssetRef, Outputs } from './values'

/**
 * Where a Blob made from bytes in memory keeps the SHA-256 its maker took of them (src/media's
 * `blobOfBytes`), so storing it need not read it back; the same symbol through the global registry,
 * since the engine does not import media code.
 */
const BLOB_SHA256 = Symbol.for('reelgraph.blob-sha256')

/** SHA-256 of bytes through WebCrypto (native in browsers and in Node 20). */
export async function hashBytes(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
  const known: unknown = data instanceof Blob ? Reflect.get(data, BLOB_SHA256) : undefined
  if (known instanceof Promise) return (await known) as string
  const buffer = data instanceof Blob ? await data.arrayBuffer() : data
  const digest = await crypto.subtle.digest('SHA-256', buffer as BufferSource)
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Assets held in memory: for tests and for runs that keep nothing. */
export class MemoryAssetStore implements AssetAccess {
  readonly blobs = new Map<string, Blob>()
  /** Hashes of the assets pinned, so a test can see what a node kept. */
  readonly pinned = new Set<string>()

  async put(data: Blob, info: { kind: AssetKind; mime?: string; meta?: AssetMeta }): Promise<AssetRef> {
    const hash = await hashBytes(data)
    const mime = info.mime ?? (data.type || 'application/octet-stream')
    if (!this.blobs.has(hash)) this.blobs.set(hash, data)
    return { kind: info.kind, hash, mime, bytes: data.size, meta: info.meta ?? {} }
  }

  async get(ref: AssetRef): Promise<Blob> {
    const blob = this.blobs.get(ref.hash)
    if (!blob) throw new Error(`asset ${ref.hash.slice(0, 12)} is not in the store`)
    return blob
  }

  async pin(ref: AssetRef): Promise<void> {
    if (!this.blobs.has(ref.hash)) throw new Error(`asset ${ref.hash.slice(0, 12)} is not in the store`)
    this.pinned.add(ref.hash)
  }
}

/** Results held in memory: for tests and benchmarks of the executor alone. */
export class MemoryResultStore implements ResultStore {
  readonly entries = new Map<string, Outputs>()

  async getMany(keys: readonly string[]): Promise<(Outputs | undefined)[]> {
    return keys.map((key) => this.entries.get(key))
  }

  async put(key: string, entry: { outputs: Outputs }): Promise<void> {
    this.entries.set(key, entry.outputs)
  }
}

/**
 * A context for running one node on its own, outside a pipeline: a node's tests, or a tool that
 * calls a node directly. Parts made with `memo` are kept in memory for the context's life.
 */
export function standaloneContext(
  options: { nodeId?: string; assets?: AssetAccess; signal?: AbortSignal; remote?: RemoteAccess } = {},
): RunContext {
  const parts = new MemoryResultStore()
  return {
    nodeId: options.nodeId ?? 'standalone',
    signal: options.signal ?? new AbortController().signal,
    assets: options.assets ?? new MemoryAssetStore(),
    remote: options.remote ?? offlineAccess(),
    progress: () => {},
    log: () => {},
    spend: () => {},
    async memo(key, make) {
      const id = canonicalJson(key)
      const [stored] = await parts.getMany([id])
      if (stored) return stored
      const outputs = await make(id)
      await parts.put(id, { outputs })
      return outputs
    },
  }
}
