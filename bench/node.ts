/** The executor benchmark in Node: results in memory, and in the app's Dexie cache over fake-indexeddb. */
import 'fake-indexeddb/auto'
import { indexedDbStore } from './indexeddb-store'
import { measureExecutor, memoryStore, type BenchRow } from './synthetic'

export async function benchInNode(log: (line: string) => void): Promise<BenchRow[]> {
  return [
    ...(await measureExecutor('memory', memoryStore(), 5, log)),
    ...(await measureExecutor('fake-indexeddb', indexedDbStore(), 1, log)),
  ]
}
