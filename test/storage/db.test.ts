import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { ReelgraphDB } from '../../src/storage'
import { freshDatabaseName } from './fixtures'

describe('ReelgraphDB', () => {
  let db: ReelgraphDB
  afterEach(() => db.close())

  it('has the tables of the design, with jobs and secrets ready for the cloud providers', async () => {
    db = new ReelgraphDB(freshDatabaseName())
    await db.open()

    expect(db.verno).toBe(1)
    expect(db.tables.map((table) => table.name).sort()).toEqual(
      ['assets', 'jobs', 'pipelines', 'results', 'runs', 'secrets', 'settings'].sort(),
    )
    await db.jobs.put({ id: 'job-1', provider: 'runway', status: 'pending', remoteId: 'task-1', output: { nodeType: 'generate-video', port: 'take', meta: {} }, createdAt: 1, updatedAt: 1 })
    await db.secrets.put({ provider: 'runway', key: 'sk-test' })
    expect(await db.jobs.where('status').equals('pending').primaryKeys()).toEqual(['job-1'])
    expect((await db.secrets.get('runway'))?.key).toBe('sk-test')
  })

  it('is named "reelgraph" unless told otherwise', () => {
    db = new ReelgraphDB()
    expect(db.name).toBe('reelgraph')
  })
})
