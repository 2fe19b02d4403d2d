import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RunRecord } from '../../src/engine'
import type { Storage } from '../../src/storage'
import { freshStorage, sampleDoc } from './fixtures'

const run = (id: string, pipelineId: string, startedAt: number): RunRecord => ({
  id,
  pipelineId,
  startedAt,
  finishedAt: startedAt + 10,
  status: 'done',
  nodes: { 'shot-0': { status: 'done', cached: false, durationMs: 10, cacheKey: 'k' } },
})

describe('PipelineLibrary', () => {
  let storage: Storage
  afterEach(() => {
    storage.close()
    vi.useRealTimers()
  })

  it('creates pipelines and lists them newest first', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    storage = freshStorage()
    vi.setSystemTime(1_000)
    await storage.pipelines.create(sampleDoc('p1', 'Night market', 3))
    vi.setSystemTime(2_000)
    await storage.pipelines.create(sampleDoc('p2', 'Desert chase'))

    expect(await storage.pipelines.list()).toEqual([
      { id: 'p2', name: 'Desert chase', description: 'Desert chase, a test pipeline', nodeCount: 1, createdAt: 2_000, updatedAt: 2_000 },
      { id: 'p1', name: 'Night market', description: 'Night market, a test pipeline', nodeCount: 3, createdAt: 1_000, updatedAt: 1_000 },
    ])
    expect(await storage.pipelines.get('p1')).toEqual(sampleDoc('p1', 'Night market', 3))
    expect(await storage.pipelines.get('nope')).toBeUndefined()
  })

  it('refuses to create over an existing pipeline', async () => {
    storage = freshStorage()
    await storage.pipelines.create(sampleDoc('p1', 'Night market'))
    await expect(storage.pipelines.create(sampleDoc('p1', 'Other'))).rejects.toThrow(
      'A pipeline with the id "p1" already exists; "Other" was not created.',
    )
    expect((await storage.pipelines.get('p1'))?.name).toBe('Night market')
  })

  it('saves over a pipeline, keeping when it was created and moving it to the top', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    storage = freshStorage()
    vi.setSystemTime(1_000)
    await storage.pipelines.save(sampleDoc('p1', 'Night market'))
    vi.setSystemTime(2_000)
    await storage.pipelines.save(sampleDoc('p2', 'Desert chase'))
    vi.setSystemTime(3_000)
    await storage.pipelines.save(sampleDoc('p1', 'Night market', 5))

    const [top] = await storage.pipelines.list()
    expect(top).toMatchObject({ id: 'p1', nodeCount: 5, createdAt: 1_000, updatedAt: 3_000 })
  })

  it('refuses to save a document that could not be opened again', async () => {
    storage = freshStorage()
    const broken = { ...sampleDoc('p1', 'Night market'), nodes: [{ ...sampleDoc('p1', 'x').nodes[0]!, id: '' }] }
    await expect(storage.pipelines.save(broken)).rejects.toThrow(
      'The pipeline "Night market" was not saved: nodes[0].id: must not be empty.',
    )
    expect(await storage.pipelines.list()).toEqual([])
  })

  it('renames', async () => {
    storage = freshStorage()
    await storage.pipelines.create(sampleDoc('p1', 'Night market'))
    await storage.pipelines.rename('p1', 'Night market (final)')

    expect((await storage.pipelines.get('p1'))?.name).toBe('Night market (final)')
    expect((await storage.pipelines.list()).map((summary) => summary.name)).toEqual(['Night market (final)'])
    await expect(storage.pipelines.rename('nope', 'x')).rejects.toThrow('There is no saved pipeline with the id "nope" to rename.')
  })

  it('duplicates under a new id, named "<name> copy" unless told otherwise', async () => {
    storage = freshStorage()
    await storage.pipelines.create(sampleDoc('p1', 'Night market', 2))

    const copy = await storage.pipelines.duplicate('p1', 'p2')
    const named = await storage.pipelines.duplicate('p1', 'p3', 'Night market, alternate')

    expect(copy).toEqual({ ...sampleDoc('p1', 'Night market', 2), id: 'p2', name: 'Night market copy' })
    expect(await storage.pipelines.get('p2')).toEqual(copy)
    expect(named.name).toBe('Night market, alternate')
    expect((await storage.pipelines.get('p1'))?.name).toBe('Night market')
    expect(await storage.pipelines.list()).toHaveLength(3)
  })

  it('deletes a pipeline and the records of its runs', async () => {
    storage = freshStorage()
    await storage.pipelines.create(sampleDoc('p1', 'Night market'))
    await storage.pipelines.create(sampleDoc('p2', 'Desert chase'))
    await storage.runs.add(run('r1', 'p1', 1_000))
    await storage.runs.add(run('r2', 'p2', 1_000))

    await storage.pipelines.delete('p1')

    expect(await storage.pipelines.get('p1')).toBeUndefined()
    expect((await storage.pipelines.list()).map((summary) => summary.id)).toEqual(['p2'])
    expect(await storage.runs.recent('p1')).toEqual([])
    expect(await storage.runs.recent('p2')).toHaveLength(1)
  })

  it('names the pipeline when a saved document is damaged', async () => {
    storage = freshStorage()
    await storage.pipelines.create(sampleDoc('p1', 'Night market'))
    const row = await storage.db.pipelines.get('p1')
    await storage.db.pipelines.put({ ...row!, doc: { ...sampleDoc('p1', 'Night market'), edges: 'none' } })

    await expect(storage.pipelines.get('p1')).rejects.toThrow('The saved pipeline "Night market" cannot be opened: edges:')
  })
})

describe('RunLog', () => {
  let storage: Storage
  afterEach(() => storage.close())

  it("gives a pipeline's runs newest first, up to a limit", async () => {
    storage = freshStorage()
    for (const [i, startedAt] of [3_000, 1_000, 4_000, 2_000].entries()) await storage.runs.add(run(`r${i}`, 'p1', startedAt))
    await storage.runs.add(run('other', 'p2', 5_000))

    expect((await storage.runs.recent('p1')).map((record) => record.startedAt)).toEqual([4_000, 3_000, 2_000, 1_000])
    expect(await storage.runs.recent('p1', 2)).toEqual([run('r2', 'p1', 4_000), run('r0', 'p1', 3_000)])
  })

  it('says which run record is damaged', async () => {
    storage = freshStorage()
    await storage.db.runs.put({ ...run('r1', 'p1', 1_000), status: 'exploded' as RunRecord['status'] })
    await expect(storage.runs.recent('p1')).rejects.toThrow('The record of run r1 is damaged and cannot be read: status:')
  })
})
