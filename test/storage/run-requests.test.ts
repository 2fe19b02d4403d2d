import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { runPipeline } from '../../src/engine'
import type { Storage } from '../../src/storage'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { freshStorage } from './fixtures'

/**
 * What a run asks of IndexedDB, counted: the number of transactions and of requests (each get, put,
 * cursor or count). These counts do not depend on the machine's load, so they pin the work a run
 * does where a timing could not (the headless runner's cost per node, bench/runner-run.ts).
 */
interface IdbWork {
  /** Transactions that made at least one request. */
  transactions: number
  requests: number
  /** `get` requests on the results table: a read of one cached result by its key. */
  resultGets: number
}

const REQUEST_METHODS = ['get', 'getAll', 'getAllKeys', 'getKey', 'put', 'add', 'delete', 'clear', 'count', 'openCursor', 'openKeyCursor'] as const

/**
 * Counts from here until `stop()`. Dexie binds `IDBDatabase.transaction` when it opens, so
 * transactions are counted by the requests made in them.
 */
function countIdbWork(): { work: IdbWork; stop(): void } {
  const work: IdbWork = { transactions: 0, requests: 0, resultGets: 0 }
  const seen = new WeakSet<IDBTransaction>()
  const restore: (() => void)[] = []
  const wrap = (prototype: IDBObjectStore | IDBIndex, method: string) => {
    const original = Reflect.get(prototype, method) as ((...args: unknown[]) => unknown) | undefined
    if (typeof original !== 'function') return
    Reflect.set(prototype, method, function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
      const store = this instanceof IDBIndex ? this.objectStore : this
      if (!seen.has(store.transaction)) {
        seen.add(store.transaction)
        work.transactions++
      }
      work.requests++
      if (method === 'get' && this === store && store.name === 'results') work.resultGets++
      return original.apply(this, args)
    })
    restore.push(() => Reflect.set(prototype, method, original))
  }
  for (const prototype of [IDBObjectStore.prototype, IDBIndex.prototype]) for (const method of REQUEST_METHODS) wrap(prototype, method)
  return { work, stop: () => restore.forEach((undo) => undo()) }
}

/** `pairs` number sources each feeding an add: 2 × pairs nodes, each with its own result. */
function pairs(count: number) {
  const nodes = []
  const edges = []
  for (let i = 0; i < count; i++) {
    nodes.push(node(`n${i}`, 'number-source', { value: i }), node(`a${i}`, 'add', { plus: 1 }))
    edges.push(link(`n${i}.value`, `a${i}.a`))
  }
  return doc(nodes, edges)
}

describe('the IndexedDB work of a run', () => {
  let storage: Storage
  let counting: ReturnType<typeof countIdbWork> | undefined
  afterEach(() => {
    counting?.stop()
    counting = undefined
    storage.close()
  })

  const PAIRS = 200
  const NODES = 2 * PAIRS

  it('a cold run on an empty cache reads no key one by one, and writes its results in batches', async () => {
    storage = freshStorage()
    // The database opens (and is created) before counting: that is start-up, not the run.
    await storage.results.count()
    const deps = { registry: fixtureRegistry(), results: storage.results, assets: storage.assets }
    counting = countIdbWork()

    const record = await runPipeline(pairs(PAIRS), deps)
    await storage.results.flush()

    expect(record.status).toBe('done')
    expect(counting.work.resultGets).toBe(0)
    // One put a node, plus a handful (the empty-cache check, the cache budget's sizes, settings).
    expect(counting.work.requests).toBeLessThanOrEqual(NODES + 5)
    // Results land in batches while the run goes on (how many follows the machine's speed), never
    // a transaction a node.
    expect(counting.work.transactions).toBeLessThan(NODES / 4)
  })

  it('a cached run reads every result in one transaction and writes nothing back', async () => {
    storage = freshStorage()
    const deps = { registry: fixtureRegistry(), results: storage.results, assets: storage.assets }
    await runPipeline(pairs(PAIRS), deps)
    await storage.results.flush()
    counting = countIdbWork()

    const record = await runPipeline(pairs(PAIRS), deps)
    await storage.results.flush()

    expect(Object.values(record.nodes).every((entry) => entry.cached)).toBe(true)
    expect(counting.work.transactions).toBe(1)
    expect(counting.work.requests).toBeLessThanOrEqual(NODES + 2)
  })
})
