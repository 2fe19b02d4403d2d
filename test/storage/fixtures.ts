import 'fake-indexeddb/auto'
import { CURRENT_DOC_VERSION } from '../../src/graph'
import type { AssetRef } from '../../src/engine'
import type { PipelineDoc } from '../../src/graph'
import { openStorage, type Storage } from '../../src/storage'

/** A storage over a database no other test uses. */
export function freshStorage(): Storage {
  return openStorage(freshDatabaseName())
}

export function freshDatabaseName(): string {
  return `reelgraph-test-${crypto.randomUUID()}`
}

/** Distinct media of an exact size: `seed` makes the bytes (and so the hash) differ. */
export function clip(bytes: number, seed: number): Blob {
  return new Blob([new Uint8Array(bytes).fill(seed)], { type: 'video/mp4' })
}

export function putClip(storage: Storage, bytes: number, seed: number, pin = false): Promise<AssetRef> {
  return storage.assets.put(clip(bytes, seed), { kind: 'video' }, { pin })
}

export function sampleDoc(id: string, name: string, nodeCount = 1): PipelineDoc {
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id,
    name,
    description: `${name}, a test pipeline`,
    nodes: Array.from({ length: nodeCount }, (_, i) => ({
      id: `shot-${i}`,
      type: 'prompt',
      typeVersion: 1,
      position: { x: i * 200, y: 0 },
      params: { subject: `subject ${i}` },
    })),
    edges: [],
  }
}
