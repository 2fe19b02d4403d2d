import 'fake-indexeddb/auto'
import { CURRENT_DOC_VERSION } from '../../src/graph'
import { Dexie } from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { ReelgraphDB } from '../../src/storage'
import { freshDatabaseName } from './fixtures'

describe('ReelgraphDB', () => {
  let db: ReelgraphDB
  afterEach(() => db.close())

  it('has the tables of the design, with jobs and secrets ready for the cloud providers', async () => {
    db = new ReelgraphDB(freshDatabaseName())
    await db.open()

    expect(db.verno).toBe(4)
    expect(db.tables.map((table) => table.name).sort()).toEqual(
      ['assets', 'jobs', 'charges', 'pipelines', 'results', 'runs', 'secrets', 'settings', 'snapshots', 'templates', 'components'].sort(),
    )
    await db.jobs.put({ id: 'job-1', provider: 'runway', status: 'pending', remoteId: 'task-1', output: { nodeType: 'generate-video', port: 'take', meta: {} }, createdAt: 1, updatedAt: 1 })
    await db.secrets.put({ provider: 'runway', key: 'sk-test' })
    expect(await db.jobs.where('status').equals('pending').primaryKeys()).toEqual(['job-1'])
    expect((await db.secrets.get('runway'))?.key).toBe('sk-test')
  })

  it('upgrades a version 1 database to the current version, keeping every table and every row', async () => {
    const name = freshDatabaseName()
    // Version 1 exactly as it shipped, with a row in every table.
    const v1 = new Dexie(name)
    v1.version(1).stores({
      pipelines: 'id, updatedAt',
      assets: 'hash, [pinned+bytes]',
      results: 'key, lastUsed, *assetHashes',
      jobs: 'id, provider, status, createdAt',
      runs: 'id, [pipelineId+startedAt]',
      secrets: 'provider',
      settings: 'key',
    })
    const rows: Record<string, Record<string, unknown>> = {
      pipelines: { id: 'p1', name: 'Dusk', description: '', nodeCount: 0, createdAt: 1, updatedAt: 2, doc: { format: 'reelgraph', version: CURRENT_DOC_VERSION } },
      assets: { hash: 'h1', data: new Blob(['plate']), mime: 'image/png', bytes: 5, pinned: 1, createdAt: 1, lastUsed: 1 },
      results: { key: 'k1', outputs: { image: 1 }, nodeType: 'text', durationMs: 1, bytes: 0, createdAt: 1, lastUsed: 1, assetHashes: ['h1'] },
      jobs: { id: 'job-1', provider: 'runway', status: 'pending', createdAt: 1 },
      runs: { id: 'r1', pipelineId: 'p1', startedAt: 1, finishedAt: 2, status: 'done', nodes: {} },
      secrets: { provider: 'runway', key: 'sk-test' },
      settings: { key: 'app', value: { cacheBudgetBytes: 5 } },
    }
    for (const [table, row] of Object.entries(rows)) await v1.table(table).put(row)
    v1.close()

    db = new ReelgraphDB(name)
    await db.open()
    expect(db.verno).toBe(4)
    for (const [table, row] of Object.entries(rows)) {
      const kept = await db.table(table).toArray()
      expect(kept, table).toHaveLength(1)
      const { data, ...rest } = kept[0] as Record<string, unknown>
      const { data: expectedData, ...expected } = row
      expect(rest, table).toEqual(expected)
      if (expectedData instanceof Blob) await expect((data as Blob).text()).resolves.toBe(await expectedData.text())
    }
    expect(await db.jobs.where('status').equals('pending').primaryKeys()).toEqual(['job-1'])
    expect(await db.results.where('assetHashes').equals('h1').primaryKeys()).toEqual(['k1'])
    await db.snapshots.add({ pipelineId: 'p1', savedAt: 3, name: 'Dusk', nodeCount: 0, doc: {} })
    expect(await db.snapshots.count()).toBe(1)
    await db.components.add({ id: 'c1', name: 'Shot', nodeCount: 2, savedAt: 3, doc: {} })
    expect(await db.components.count()).toBe(1)
  })

  it('is named "reelgraph" unless told otherwise', () => {
    db = new ReelgraphDB()
    expect(db.name).toBe('reelgraph')
  })
})
