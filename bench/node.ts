/** The executor benchmark in Node: results in memory, and in the app's Dexie cache over fake-indexeddb. */
import 'fake-indexeddb/auto'
import { indexedDbStore } from './indexeddb-store'
import { measureLists, type ListBenchRow } from './lists'
import { measureExecutor, memoryStore, type BenchRow } from './synthetic'

export async function benchInNode(log: (line: string) => void): Promise<BenchRow[]> {
  return [
    ...(await measureExecutor('memory', memoryStore(), 5, log)),
    ...(await measureExecutor('fake-indexeddb', indexedDbStore(), 1, log)),
  ]
}

/** Lists: 200 items through 4 per-item nodes beside 800 plain nodes, in memory and over fake-indexeddb. */
export async function benchListsInNode(): Promise<ListBenchRow[]> {
  return [await measureLists('memory', memoryStore(), 5), await measureLists('fake-indexeddb', indexedDbStore(), 1)]
}
