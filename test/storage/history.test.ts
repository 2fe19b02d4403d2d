import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HISTORY_BYTES, SNAPSHOTS_KEPT, type Storage } from '../../src/storage'
import { freshStorage, sampleDoc } from './fixtures'

describe('PipelineHistory', () => {
  let storage: Storage
  afterEach(() => {
    vi.useRealTimers()
    storage.close()
  })

  it('keeps a snapshot at every save, newest first, each one as it was saved', async () => {
    storage = freshStorage()
    const doc = sampleDoc('p1', 'Dusk', 1)
    await storage.pipelines.create(doc)
    await storage.pipelines.save({ ...doc, name: 'Dusk, two shots', nodes: sampleDoc('p1', 'x', 2).nodes })
    await storage.pipelines.create(sampleDoc('other', 'Other'))

    const versions = await storage.pipelines.history.list('p1')
    expect(versions.map((version) => [version.name, version.nodeCount])).toEqual([
      ['Dusk, two shots', 2],
      ['Dusk', 1],
    ])
    const first = versions[1]
    if (!first) throw new Error('expected two versions')
    expect(await storage.pipelines.history.get(first.id)).toEqual(doc)
  })

  it(`keeps at most ${SNAPSHOTS_KEPT} snapshots a pipeline, dropping the oldest`, async () => {
    storage = freshStorage()
    vi.useFakeTimers({ toFake: ['Date'] })
    const doc = sampleDoc('p1', 'Dusk')
    for (let save = 0; save < SNAPSHOTS_KEPT + 5; save++) {
      vi.setSystemTime(1_000_000 + save)
      await storage.pipelines.save({ ...doc, name: `save ${save}` })
    }
    const versions = await storage.pipelines.history.list('p1')
    expect(versions).toHaveLength(SNAPSHOTS_KEPT)
    expect(versions[0]?.name).toBe(`save ${SNAPSHOTS_KEPT + 4}`)
    expect(versions.at(-1)?.name).toBe('save 5')
  })

  it('keeps fewer versions of a large pipeline, so its history stays within the byte bound', async () => {
    storage = freshStorage()
    vi.useFakeTimers({ toFake: ['Date'] })
    // A document of a little over an eighth of the bound (many shots with long prompts): seven versions fit.
    const doc = sampleDoc('p1', 'Long prompts', Math.ceil(HISTORY_BYTES / 8 / 10_000))
    const large = { ...doc, nodes: doc.nodes.map((node) => ({ ...node, params: { subject: 'x'.repeat(10_000) } })) }
    for (let save = 0; save < 10; save++) {
      vi.setSystemTime(1_000_000 + save)
      await storage.pipelines.save({ ...large, name: `save ${save}` })
    }
    const versions = await storage.pipelines.history.list('p1')
    expect(versions.map((version) => version.name)).toEqual([9, 8, 7, 6, 5, 4, 3].map((save) => `save ${save}`))
  })

  it('forgets the history with the pipeline', async () => {
    storage = freshStorage()
    await storage.pipelines.create(sampleDoc('p1', 'Dusk'))
    await storage.pipelines.delete('p1')
    expect(await storage.pipelines.history.list('p1')).toEqual([])
  })
})
