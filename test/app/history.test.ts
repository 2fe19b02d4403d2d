import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { fragmentOf, parseFragment, serializeFragment } from '../../src/editor/state/fragment'
import type { PipelineDoc } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

/** source → add → total, and a second source on its own. */
function shot(): PipelineDoc {
  return doc(
    [node('source', 'number-source', { value: 2 }), node('add', 'add', { plus: 1 }), node('total', 'total'), node('other', 'number-source', { value: 7 })],
    [link('source.value', 'add.a', 'l1'), link('add.sum', 'total.values', 'l2')],
  )
}

const open: EditorStore[] = []

function editor(): EditorStore {
  const store = createEditorStore({ storage: freshStorage(), registry: fixtureRegistry() }, shot())
  open.push(store)
  return store
}

/** Moves the clock on; only `Date` is faked, so saves and runs keep their real timers. */
function wait(ms: number): void {
  vi.setSystemTime(Date.now() + ms)
}

/** Longer than the pause that ends a typing step. */
function pause(): void {
  wait(1000)
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
})

afterEach(() => {
  for (const store of open.splice(0)) store.close()
  vi.useRealTimers()
})

/** Twenty edits of every kind, each its own step. */
const twentyEdits: ((store: EditorStore) => void)[] = [
  (s) => s.getState().addNode('add', { x: 300, y: 40 }),
  (s) => s.getState().setParam('add', 'plus', 4),
  (s) => s.getState().renameNode('source', 'Plate'),
  (s) => s.getState().connect({ from: { node: 'other', port: 'value' }, to: { node: 'add-1', port: 'a' } }),
  (s) => s.getState().moveNodes([{ nodeId: 'total', position: { x: 640, y: 200 } }], false),
  (s) => s.getState().deleteItems([], ['l2']),
  (s) => s.getState().connect({ from: { node: 'add-1', port: 'sum' }, to: { node: 'total', port: 'values' } }),
  (s) => s.getState().setParam('other', 'value', 9),
  (s) => s.getState().pasteFragment(fragmentOf(s.getState().doc, ['source', 'add'])),
  (s) => s.getState().renameNode('add', 'Lift'),
  (s) => s.getState().deleteItems(['add-1'], []),
  (s) => s.getState().addNode('number-source', { x: 0, y: 400 }),
  (s) => s.getState().moveNodes([{ nodeId: 'source', position: { x: 10, y: 10 } }, { nodeId: 'add', position: { x: 200, y: 10 } }], false),
  (s) => s.getState().setParam('add', 'plus', undefined),
  (s) => s.getState().renameDocument('Dusk, take 2'),
  (s) => s.getState().connect({ from: { node: 'number-source-1', port: 'value' }, to: { node: 'total', port: 'values' } }),
  (s) => s.getState().renameNode('source', ''),
  (s) => s.getState().deleteItems(['other', 'total'], []),
  (s) => s.getState().pasteFragment(fragmentOf(s.getState().doc, ['number-source-1'])),
  (s) => s.getState().setParam('source', 'value', 3),
]

describe('undo and redo', () => {
  it('takes twenty mixed edits back one by one to each earlier document, and forward again', () => {
    const store = editor()
    const versions = [store.getState().doc]
    for (const makeEdit of twentyEdits) {
      makeEdit(store)
      pause()
      versions.push(store.getState().doc)
    }
    // Every edit changed the document, so there are twenty-one different versions.
    expect(new Set(versions.map((version) => JSON.stringify(version))).size).toBe(21)
    expect(store.getState().history).toEqual({ undoable: 20, redoable: 0 })

    for (let i = 19; i >= 0; i--) {
      store.getState().undo()
      expect(store.getState().doc).toEqual(versions[i])
    }
    expect(store.getState().history).toEqual({ undoable: 0, redoable: 20 })
    for (let i = 1; i <= 20; i++) {
      store.getState().redo()
      expect(store.getState().doc).toEqual(versions[i])
    }
  })

  it('makes a drag one step, however many moves it reports', () => {
    const store = editor()
    const start = store.getState().doc
    for (let x = 0; x <= 100; x += 10) {
      store.getState().moveNodes([{ nodeId: 'add', position: { x, y: x } }, { nodeId: 'total', position: { x: x + 200, y: 0 } }], true)
    }
    store.getState().moveNodes([{ nodeId: 'add', position: { x: 100, y: 100 } }, { nodeId: 'total', position: { x: 300, y: 0 } }], false)
    store.getState().moveNodes([{ nodeId: 'add', position: { x: 120, y: 100 } }], false)
    expect(store.getState().history.undoable).toBe(2)

    store.getState().undo()
    expect(store.getState().doc.nodes.find((n) => n.id === 'add')?.position).toEqual({ x: 100, y: 100 })
    store.getState().undo()
    expect(store.getState().doc).toEqual(start)
  })

  it('makes typing in a field one step per pause', () => {
    const store = editor()
    for (const label of ['W', 'Wa', 'War', 'Warm']) {
      store.getState().renameNode('add', label)
      wait(200)
    }
    wait(600)
    store.getState().renameNode('add', 'Warm grade')
    // Another field is another step, however quick.
    store.getState().setParam('add', 'plus', 2)
    expect(store.getState().history.undoable).toBe(3)

    store.getState().undo()
    store.getState().undo()
    expect(store.getState().doc.nodes.find((n) => n.id === 'add')?.label).toBe('Warm')
    store.getState().undo()
    expect(store.getState().doc.nodes.find((n) => n.id === 'add')?.label).toBeUndefined()
  })

  it('deletes several nodes in one step and brings them back with their links', () => {
    const store = editor()
    const start = store.getState().doc
    store.getState().deleteItems(['source', 'add'], [])
    expect(store.getState().doc.edges).toEqual([])
    store.getState().undo()
    expect(store.getState().doc).toEqual(start)
  })

  it('forgets what came after an undo once a new edit is made, and keeps at most 200 steps', () => {
    const store = editor()
    store.getState().setParam('add', 'plus', 2)
    store.getState().undo()
    store.getState().renameNode('add', 'Lift')
    expect(store.getState().history).toEqual({ undoable: 1, redoable: 0 })

    for (let i = 0; i < 210; i++) store.getState().moveNodes([{ nodeId: 'other', position: { x: i, y: 0 } }], false)
    expect(store.getState().history.undoable).toBe(200)
  })

  it('marks what an undo changes out of date, as the edit did, and leaves moves alone', async () => {
    const store = editor()
    await store.getState().startRun()
    store.getState().moveNodes([{ nodeId: 'other', position: { x: 900, y: 0 } }], false)
    store.getState().setParam('add', 'plus', 5)
    await store.getState().startRun()
    store.getState().undo()
    const runs = store.getState().nodeRuns
    expect(runs.add).toMatchObject({ status: 'idle', stale: true })
    expect(runs.total).toMatchObject({ status: 'idle', stale: true })
    expect(runs.source?.status).toBe('cached')
    store.getState().undo()
    expect(store.getState().nodeRuns.other?.status).toBe('cached')
  })

  it('shows a deleted node’s cached result again when the delete is undone, and on what it feeds', async () => {
    const store = editor()
    await store.getState().startRun()
    const before = store.getState().nodeRuns
    expect(before.add?.outputs).toEqual({ sum: 3 })

    store.getState().deleteItems(['add'], [])
    expect(store.getState().nodeRuns.add).toBeUndefined()
    expect(store.getState().nodeRuns.total).toMatchObject({ stale: true })

    store.getState().undo()
    await vi.waitFor(() => expect(store.getState().nodeRuns.add).toMatchObject({ outputs: before.add?.outputs, stale: false }))
    await vi.waitFor(() => expect(store.getState().nodeRuns.total).toMatchObject({ outputs: before.total?.outputs, stale: false }))
    // Untouched nodes keep what the run said about them.
    expect(store.getState().nodeRuns.source?.status).toBe('done')

    // Redoing the delete takes the result away again; undoing once more brings it back.
    store.getState().redo()
    expect(store.getState().nodeRuns.add).toBeUndefined()
    store.getState().undo()
    await vi.waitFor(() => expect(store.getState().nodeRuns.add?.outputs).toEqual(before.add?.outputs))
  })

  it('shows the cached result of the settings an undo returns to', async () => {
    const store = editor()
    await store.getState().startRun()
    store.getState().setParam('add', 'plus', 5)
    expect(store.getState().nodeRuns.add).toMatchObject({ stale: true })
    store.getState().undo()
    await vi.waitFor(() => expect(store.getState().nodeRuns.add).toMatchObject({ status: 'idle', outputs: { sum: 3 }, stale: false }))
  })

  it('drops the run state and selection of nodes an undo removes', async () => {
    const store = editor()
    const id = store.getState().addNode('number-source', { x: 0, y: 300 })
    store.getState().selectOnly(id)
    await store.getState().startRun()
    store.getState().undo()
    expect(store.getState().nodeRuns[id]).toBeUndefined()
    expect(store.getState().selection.nodes).toEqual([])
  })

  it('starts a fresh history when another pipeline is opened', () => {
    const store = editor()
    store.getState().setParam('add', 'plus', 2)
    store.getState().showDocument(doc([node('a', 'number-source')], []))
    expect(store.getState().history).toEqual({ undoable: 0, redoable: 0 })
    store.getState().undo()
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['a'])
  })
})

describe('copy and paste', () => {
  it('copies nodes with the links between them only, and pastes them under new ids, offset and selected', () => {
    const store = editor()
    const text = serializeFragment(fragmentOf(store.getState().doc, ['add', 'total']))
    const parsed = parseFragment(text)
    if (!parsed.ok) throw new Error(parsed.message)
    expect(parsed.fragment.edges.map((edge) => edge.id)).toEqual(['l2'])

    const pasted = store.getState().pasteFragment(parsed.fragment)
    expect(pasted).toEqual(['add-1', 'total-1'])
    const { doc: after, selection } = store.getState()
    expect(selection).toEqual({ nodes: ['add-1', 'total-1'], links: [] })
    expect(after.edges.filter((edge) => pasted.includes(edge.to.node))).toEqual([
      { id: 'link-1', from: { node: 'add-1', port: 'sum' }, to: { node: 'total-1', port: 'values' } },
    ])
    const original = after.nodes.find((n) => n.id === 'add')
    const copy = after.nodes.find((n) => n.id === 'add-1')
    expect(copy?.params).toEqual(original?.params)
    expect(copy?.position).toEqual({ x: (original?.position.x ?? 0) + 32, y: (original?.position.y ?? 0) + 32 })

    // A second paste of the same nodes goes one step further instead of on top of the first.
    store.getState().pasteFragment(parsed.fragment)
    expect(store.getState().doc.nodes.find((n) => n.id === 'add-2')?.position).toEqual({ x: (original?.position.x ?? 0) + 64, y: (original?.position.y ?? 0) + 64 })
    store.getState().undo()
    store.getState().undo()
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['source', 'add', 'total', 'other'])
  })

  it('refuses clipboard text that is not copied nodes, saying where it is wrong', () => {
    expect(parseFragment('a line of dialogue')).toEqual({ ok: false, message: 'The clipboard holds no Reelgraph nodes.' })
    const wrongPosition = { format: 'reelgraph-fragment', version: 1, nodes: [{ id: 'a', type: 'add', typeVersion: 1, position: { x: 'left', y: 0 }, params: {} }], edges: [] }
    const parsed = parseFragment(JSON.stringify(wrongPosition))
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.message).toContain('nodes[0].position.x')
    const outerLink = { ...wrongPosition, nodes: [{ ...wrongPosition.nodes[0], position: { x: 0, y: 0 } }], edges: [{ id: 'l', from: { node: 'a', port: 'sum' }, to: { node: 'elsewhere', port: 'a' } }] }
    expect(parseFragment(JSON.stringify(outerLink))).toEqual({ ok: false, message: 'The copied nodes are damaged: the link "l" leads outside them.' })
  })
})
