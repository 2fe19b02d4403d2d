import { afterEach, describe, expect, it } from 'vitest'
import takePicker from '../../nodes/take-picker/node'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { NodeRegistry } from '../../src/engine'
import { doc, filmNodes, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

/** Three shots, two stored takes each, a picker per shot, and a cut that gathers the picks. */
function film(): EditorStore {
  const [shots, takes, cut] = filmNodes()
  const store = createEditorStore(
    { storage: freshStorage(), registry: new NodeRegistry([shots, takes, takePicker, cut]) },
    doc(
      [node('shots', 'shots'), node('takes', 'two-takes'), node('pick', 'take-picker', { selected: [0] }), node('cut', 'cut')],
      [link('shots.shots', 'takes.shot'), link('takes.takes', 'pick.takes'), link('pick.video', 'cut.clips')],
    ),
  )
  open.push(store)
  return store
}

const open: EditorStore[] = []
afterEach(() => {
  for (const store of open.splice(0)) store.close()
})

function staleItems(store: EditorStore, nodeId: string): string[] {
  return (store.getState().nodeRuns[nodeId]?.items ?? []).filter((item) => item.stale).map((item) => item.key)
}

describe('a choice for one shot of a picker that runs per shot', () => {
  it('puts that shot out of date, not the picker’s other shots, and the cut that gathers them', async () => {
    const store = film()
    await store.getState().startRun()
    expect(store.getState().nodeRuns.pick?.items?.map((item) => item.key)).toEqual(['1', '2', '3'])

    store.getState().setParams('pick', { byItem: { 2: { selected: [1], reviews: {} } } })
    const { nodeRuns } = store.getState()
    expect(nodeRuns.pick).toMatchObject({ stale: false, status: 'done' })
    expect(staleItems(store, 'pick')).toEqual(['2'])
    expect(nodeRuns.takes?.stale).toBe(false)
    expect(staleItems(store, 'takes')).toEqual([])
    expect(nodeRuns.cut?.stale).toBe(true)

    // The next run brings shot 2 up to date.
    await store.getState().startRun()
    expect(staleItems(store, 'pick')).toEqual([])
    expect(store.getState().nodeRuns.cut?.stale).toBe(false)
  })

  it('marks nothing for a review alone, as the picker’s own reviews', async () => {
    const store = film()
    await store.getState().startRun()
    store.getState().setParams('pick', { byItem: { 3: { selected: [0], reviews: { 1: { rating: 4, note: 'soft focus' } } } } })
    const { nodeRuns } = store.getState()
    expect([nodeRuns.pick?.stale, nodeRuns.cut?.stale]).toEqual([false, false])
    expect(staleItems(store, 'pick')).toEqual([])
  })

  it('dates the whole picker when its choice for every shot changes', async () => {
    const store = film()
    await store.getState().startRun()
    store.getState().setParams('pick', { selected: [1] })
    expect(store.getState().nodeRuns.pick?.stale).toBe(true)
    // And an undo dates the same: the choice goes back, shot 2's own choice never was.
    store.getState().undo()
    expect(store.getState().nodeRuns.pick?.stale).toBe(true)
  })
})
