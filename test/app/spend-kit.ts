import { MemoryAssetStore, MemoryResultStore, type NodeRegistry, type SpendDeps } from '../../src/engine'

/** What an estimate reads, in memory: the cache, the media, and the keys entered (none unless given). */
export function memorySpendDeps(registry: NodeRegistry, keys: Record<string, string> = {}): SpendDeps & { results: MemoryResultStore; assets: MemoryAssetStore } {
  return { registry, results: new MemoryResultStore(), assets: new MemoryAssetStore(), remote: { key: async (provider) => keys[provider] } }
}
