import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import type { Storage } from '../../src/storage'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { freshStorage, putClip } from '../storage/fixtures'

/** source → add → total, and a second source on its own. */
function shot() {
  return doc(
    [node('source', 'number-source', { value: 2 }), node('add', 'add', { plus: 1 }), node('total', 'total'), node('other', 'number-source', { value: 7 })],
    [link('source.value', 'add.a', 'l1'), link('add.sum', 'total.values', 'l2')],
  )
}

const open: { store: EditorStore; storage: Storage }[] = []

async function editor(calls: string[] = [], storage = freshStorage()) {
  const store = createEditorStore({ storage, registry: fixtureRegistry(calls) }, shot())
  await storage.pipelines.save(store.getState().doc)
  open.push({ store, storage })
  return { store, storage, calls }
}

afterEach(() => {
  for (const { store } of open.splice(0)) store.close()
})

function statuses(store: EditorStore): Record<string, string> {
  const { nodeRuns, doc: current } = store.getState()
  return Object.fromEntries(current.nodes.map((n) => [n.id, nodeRuns[n.id]?.status ?? 'idle']))
}

describe('the editor store', () => {
  it('runs every node, then takes everything from the cache and runs nothing', async () => {
    const { store, calls } = await editor()
    await store.getState().startRun()
    expect(statuses(store)).toEqual({ source: 'done', add: 'done', total: 'done', other: 'done' })
    expect(store.getState().nodeRuns.total?.outputs).toEqual({ total: 3, text: '3' })
    expect(store.getState().currentRun.last?.counts.done).toBe(4)

    calls.length = 0
    await store.getState().startRun()
    expect(statuses(store)).toEqual({ source: 'cached', add: 'cached', total: 'cached', other: 'cached' })
    expect(calls).toEqual([])
  })

  it('leaves results as they are when only a note changes, and takes them all from the cache', async () => {
    const { store, calls } = await editor()
    await store.getState().startRun()
    store.getState().setParam('add', 'remark', 'check the sum')
    expect(statuses(store)).toEqual({ source: 'done', add: 'done', total: 'done', other: 'done' })
    expect(store.getState().nodeRuns.total?.stale).toBe(false)

    calls.length = 0
    await store.getState().startRun()
    expect(statuses(store)).toEqual({ source: 'cached', add: 'cached', total: 'cached', other: 'cached' })
    expect(calls).toEqual([])
  })

  it('marks a changed node and what is downstream out of date, and re-runs only those', async () => {
    const { store, calls } = await editor()
    await store.getState().startRun()
    store.getState().setParam('add', 'plus', 5)
    expect(statuses(store)).toEqual({ source: 'done', add: 'idle', total: 'idle', other: 'done' })
    // The old result stays on screen, dimmed, until the next run.
    expect(store.getState().nodeRuns.total).toMatchObject({ stale: true, outputs: { total: 3 } })

    calls.length = 0
    await store.getState().startRun()
    expect(statuses(store)).toEqual({ source: 'cached', add: 'done', total: 'done', other: 'cached' })
    expect(calls.sort()).toEqual(['add', 'total'])
  })

  it('keeps the cache when a node is moved or renamed', async () => {
    const { store } = await editor()
    await store.getState().startRun()
    store.getState().moveNodes([{ nodeId: 'add', position: { x: 400, y: 120 } }], false)
    store.getState().renameNode('add', 'Warm grade')
    expect(statuses(store)).toEqual({ source: 'done', add: 'done', total: 'done', other: 'done' })
    await store.getState().startRun()
    expect(statuses(store)).toEqual({ source: 'cached', add: 'cached', total: 'cached', other: 'cached' })
  })

  it('runs to a node: that node and what feeds it, nothing else', async () => {
    const { store } = await editor()
    await store.getState().startRun('add')
    expect(statuses(store)).toEqual({ source: 'done', add: 'done', total: 'idle', other: 'idle' })
  })

  it('shows a refused run on the nodes in the way', async () => {
    const { store } = await editor()
    store.getState().deleteItems([], ['l1'])
    await store.getState().startRun()
    expect(store.getState().currentRun.last?.status).toBe('refused')
    expect(store.getState().nodeRuns.add?.message).toBe('input "a" needs a link')
    expect(statuses(store).add).toBe('idle')
  })

  it('shows stored results after a reload without marking anything as run', async () => {
    const { store, storage } = await editor()
    await store.getState().startRun()
    await storage.results.flush()

    const reopened = createEditorStore({ storage, registry: fixtureRegistry() }, store.getState().doc)
    open.push({ store: reopened, storage })
    await reopened.getState().showStoredResults()
    expect(statuses(reopened)).toEqual({ source: 'idle', add: 'idle', total: 'idle', other: 'idle' })
    expect(reopened.getState().nodeRuns.total?.outputs).toEqual({ total: 3, text: '3' })
  })

  it('shows a per-item node’s stored items after a reload, and its list once every item is stored', async () => {
    const storage = freshStorage()
    const list = doc(
      [node('shots', 'number-list', { values: [1, 2, 3] }), node('add', 'add', { plus: 10 }), node('total', 'total'), node('unlucky', 'fail-on', { value: 2 })],
      [link('shots.values', 'add.a', 'l1'), link('add.sum', 'total.values', 'l2'), link('shots.values', 'unlucky.value', 'l3')],
    )
    const store = createEditorStore({ storage, registry: fixtureRegistry() }, list)
    open.push({ store, storage })
    await store.getState().startRun()
    await storage.results.flush()

    const calls: string[] = []
    const reopened = createEditorStore({ storage, registry: fixtureRegistry(calls) }, list)
    open.push({ store: reopened, storage })
    await reopened.getState().showStoredResults()
    expect(calls).toEqual([])
    const { nodeRuns } = reopened.getState()
    expect(nodeRuns.add).toMatchObject({ status: 'idle', outputs: { sum: [11, 12, 13] } })
    expect(nodeRuns.add?.items).toEqual([
      { key: '1', status: 'cached', outputs: { sum: 11 } },
      { key: '2', status: 'cached', outputs: { sum: 12 } },
      { key: '3', status: 'cached', outputs: { sum: 13 } },
    ])
    expect(nodeRuns.total).toMatchObject({ status: 'idle', outputs: { total: 36 } })
    // Item 2 failed, so it has nothing stored: the stored items show, the node's list does not.
    expect(nodeRuns.unlucky?.outputs).toBeUndefined()
    expect(nodeRuns.unlucky?.items).toEqual([
      { key: '1', status: 'cached', outputs: { value: 1 } },
      { key: '2', status: 'queued' },
      { key: '3', status: 'cached', outputs: { value: 3 } },
    ])
  })

  it('replaces the link of a single input and gathers links into a list input', async () => {
    const { store } = await editor()
    store.getState().connect({ from: { node: 'other', port: 'value' }, to: { node: 'add', port: 'a' } })
    store.getState().connect({ from: { node: 'other', port: 'value' }, to: { node: 'total', port: 'values' } })
    const links = store.getState().doc.edges.map((edge) => `${edge.from.node}.${edge.from.port}→${edge.to.node}.${edge.to.port}`)
    expect(links).toEqual(['add.sum→total.values', 'other.value→add.a', 'other.value→total.values'])
  })

  it('deletes nodes with their links and marks their readers out of date', async () => {
    const { store } = await editor()
    await store.getState().startRun()
    store.getState().selectOnly('add')
    store.getState().deleteItems(['add'], [])
    const state = store.getState()
    expect(state.doc.nodes.map((n) => n.id)).toEqual(['source', 'total', 'other'])
    expect(state.doc.edges).toEqual([])
    expect(state.nodeRuns.add).toBeUndefined()
    expect(state.nodeRuns.total).toMatchObject({ status: 'idle', stale: true })
    expect(state.selection.nodes).toEqual([])
  })

  it('after an eviction, drops the shown results whose media are gone and keeps those pinned', async () => {
    const { store, storage } = await editor()
    await store.getState().startRun()
    const kept = await putClip(storage, 10, 1, true)
    const evicted = await putClip(storage, 10, 2)
    store.setState((state) => ({
      nodeRuns: {
        ...state.nodeRuns,
        source: { status: 'done', progress: 1, stale: false, outputs: { value: kept } },
        other: { status: 'done', progress: 1, stale: false, outputs: { value: [kept, evicted] } },
      },
    }))
    await storage.results.evictUnpinned()
    await store.getState().forgetEvictedResults()
    expect(store.getState().nodeRuns.source?.outputs).toEqual({ value: kept })
    expect(store.getState().nodeRuns.other).toEqual({ status: 'idle', progress: 0, stale: false })
    // Results without media are what the last run said; they stay on screen.
    expect(store.getState().nodeRuns.total?.outputs).toEqual({ total: 3, text: '3' })
  })

  it('records each run with what it did, newest first, and sums its cost', async () => {
    const { store, storage } = await editor()
    await store.getState().startRun()
    await store.getState().startRun('add')
    const runs = await storage.runs.recent(store.getState().doc.id)
    expect(runs.map((run) => [run.target, Object.keys(run.nodes).length])).toEqual([
      ['add', 2],
      [undefined, 4],
    ])
    expect(store.getState().currentRun.last).toMatchObject({ status: 'done', counts: { cached: 2 } })
    expect(store.getState().currentRun.last?.costUsd).toBeUndefined()
  })

  it('saves the document a moment after each change', async () => {
    const { store, storage } = await editor()
    store.getState().moveNodes([{ nodeId: 'other', position: { x: 640, y: 320 } }], false)
    expect(store.getState().savedDoc).not.toBe(store.getState().doc)
    await vi.waitFor(async () => {
      const saved = await storage.pipelines.get('test-doc')
      expect(saved?.nodes.find((n) => n.id === 'other')?.position).toEqual({ x: 640, y: 320 })
    })
    await vi.waitFor(() => expect(store.getState().savedDoc).toBe(store.getState().doc))
  })

  it('keeps the open pipeline when an imported file cannot be read', async () => {
    const { store } = await editor()
    const before = store.getState().doc
    const outcome = await store.getState().importPipeline(
      JSON.stringify({ ...before, nodes: [{ ...before.nodes[0], position: { x: 'left', y: 0 } }] }),
    )
    expect(outcome.ok).toBe(false)
    expect(outcome.issues[0]?.path).toBe('nodes[0].position.x')
    expect(store.getState().doc).toBe(before)
  })

  it('opens an imported pipeline whose id is taken as a copy, leaving the original alone', async () => {
    const { store, storage } = await editor()
    const original = store.getState().doc
    const outcome = await store.getState().importPipeline(JSON.stringify({ ...original, name: 'Imported' }))
    expect(outcome.ok).toBe(true)
    const opened = store.getState().doc
    expect(opened.id).not.toBe(original.id)
    expect(opened.name).toBe('Imported')
    expect((await storage.pipelines.get(original.id))?.name).toBe('Test')
  })
})
