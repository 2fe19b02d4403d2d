/** The executor benchmark in Chromium, against real IndexedDB. scripts/bench.mjs opens bench/index.html. */
import { indexedDbStore } from './indexeddb-store'
import { measureLists, type ListBenchRow } from './lists'
import { measureExecutor, memoryStore, type BenchRow } from './synthetic'

declare global {
  interface Window {
    reelgraphBench: { run(): Promise<BenchRow[]>; lists(): Promise<ListBenchRow[]> }
  }
}

/** Progress goes to the console, which scripts/bench.mjs passes on to its stderr. */
const log = (line: string) => console.info(line)

window.reelgraphBench = {
  run: async () => [
    ...(await measureExecutor('memory', memoryStore(), 5, log)),
    // Three runs, the median kept: the first pays for opening IndexedDB and warming the JIT.
    ...(await measureExecutor('IndexedDB', indexedDbStore(), 3, log)),
  ],
  lists: async () => [await measureLists('memory', memoryStore(), 5), await measureLists('IndexedDB', indexedDbStore(), 3)],
}
