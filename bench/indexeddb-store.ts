import { Dexie } from 'dexie'
import { openStorage } from '../src/storage'
import type { BenchStore, StoreFactory } from './synthetic'

/**
 * The app's own result cache (Dexie over IndexedDB), one fresh database per measurement. They are
 * left behind: the bench runs in memory (Node) or in a throwaway browser profile.
 */
export function indexedDbStore(): StoreFactory {
  return async (name) => {
    await Dexie.delete(name)
    return open(name)
  }
}

function open(name: string): BenchStore {
  const storage = openStorage(name)
  return {
    results: storage.results,
    reopen: async () => {
      await storage.results.flush()
      storage.db.close()
      return open(name)
    },
    close: async () => {
      await storage.results.flush()
      storage.db.close()
    },
  }
}
