// IndexedDB in Node first: Dexie looks for it when it is imported.
import { freshStorage } from '../storage/fixtures'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import type { PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'

const open: EditorStore[] = []
afterEach(() => {
  for (const store of open.splice(0)) store.close()
})

/** A run held at its first node until the test lets it go. */
function heldEditor(pipeline: PipelineDoc): { store: EditorStore; storage: Storage; letGo(): void } {
  let letGo = () => {}
  const released = new Promise<void>((resolve) => {
    letGo = resolve
  })
  const storage = freshStorage()
  const store = createEditorStore({ storage, registry: fixtureRegistry([], { until: () => released }) }, pipeline)
  open.push(store)
  return { store, storage, letGo }
}

/** A held number, and a sum of it. */
const heldSum = doc([node('held', 'held', { value: 1 }), node('sum', 'add', { plus: 0 })], [link('held.value', 'sum.a', 'l1')])

async function heldRunning(store: EditorStore): Promise<void> {
  await vi.waitFor(() => expect(store.getState().nodeRuns.held?.status).toBe('running'))
}

describe('Run while a run is going', () => {
  it('queues one next run, which starts when the run ends with the document as it is then', async () => {
    const { store, storage, letGo } = heldEditor(heldSum)
    const first = store.getState().startRun()
    await heldRunning(store)

    await store.getState().startRun()
    expect(store.getState().queuedRun).toEqual({ pipelineId: heldSum.id })
    // A second press while one is queued adds none.
    await store.getState().startRun('sum')
    expect(store.getState().queuedRun).toEqual({ pipelineId: heldSum.id })
    store.getState().setParam('held', 'value', 5)

    letGo()
    await first
    const records = await storage.runs.recent(heldSum.id)
    expect(records).toHaveLength(2)
    const [second, firstRecord] = records
    expect(second?.startedAt).toBeGreaterThanOrEqual(firstRecord?.finishedAt ?? Number.POSITIVE_INFINITY)
    expect(second?.target).toBeUndefined()
    expect(store.getState().nodeRuns.sum?.outputs).toEqual({ sum: 5 })
    expect(store.getState().queuedRun).toBeNull()
    expect(store.getState().currentRun.active).toBe(false)
  })

  it('can take the queued run back, leaving the run going to finish', async () => {
    const { store, storage, letGo } = heldEditor(heldSum)
    const first = store.getState().startRun()
    await heldRunning(store)
    await store.getState().startRun()
    store.getState().cancelQueuedRun()
    expect(store.getState().queuedRun).toBeNull()
    letGo()
    await first
    expect(await storage.runs.recent(heldSum.id)).toHaveLength(1)
    expect(store.getState().nodeRuns.sum?.status).toBe('done')
  })

  it('drops the queued run with Cancel: Cancel means stop', async () => {
    const { store, storage, letGo } = heldEditor(heldSum)
    const first = store.getState().startRun()
    await heldRunning(store)
    await store.getState().startRun()
    store.getState().cancelRun()
    expect(store.getState().queuedRun).toBeNull()
    letGo()
    await first
    expect((await storage.runs.recent(heldSum.id)).map((record) => record.status)).toEqual(['cancelled'])
  })

  it('keeps the target of a queued “Run to here”', async () => {
    const { store, storage, letGo } = heldEditor(heldSum)
    const first = store.getState().startRun()
    await heldRunning(store)
    await store.getState().startRun('held')
    expect(store.getState().queuedRun).toEqual({ pipelineId: heldSum.id, target: 'held' })
    letGo()
    await first
    expect((await storage.runs.recent(heldSum.id)).map((record) => record.target)).toEqual(['held', undefined])
  })

  it('asks before the queued run spends, as any run does: nothing is sent before a yes', async () => {
    const paid = doc([node('held', 'held', { value: 1 }), node('shot', 'paid')], [link('held.value', 'shot.units', 'l1')])
    const { store, storage, letGo } = heldEditor(paid)
    await storage.settings.update({ confirmRunsAboveUsd: 5 })
    const first = store.getState().startRun()
    await heldRunning(store)
    // Edited during the run, and the limit lowered: the queued run would spend $2 on a new result.
    store.getState().setParam('held', 'value', 2)
    await storage.settings.update({ confirmRunsAboveUsd: 1 })
    await store.getState().startRun()
    letGo()
    await first
    expect(store.getState().costToConfirm).toMatchObject({ estimatedUsd: 2, limitUsd: 1 })
    const records = await storage.runs.recent(paid.id)
    expect(records).toHaveLength(1)
    expect(records[0]?.nodes.shot?.costUsd).toBe(1)
    expect(store.getState().currentRun.active).toBe(false)
  })
})
