import { afterEach, describe, expect, it } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { fragmentOf, parseFragment, serializeFragment } from '../../src/editor/state/fragment'
import { createFlowViewSelector } from '../../src/editor/state/flow-view'
import type { PipelineDoc } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

/** Two sources into an adder, and a total further right. */
function shot(): PipelineDoc {
  return doc(
    [
      node('source', 'number-source', { value: 2 }, { position: { x: 0, y: 0 } }),
      node('other', 'number-source', { value: 7 }, { position: { x: 0, y: 200 } }),
      node('add', 'add', {}, { position: { x: 300, y: 0 } }),
      node('total', 'total', {}, { position: { x: 900, y: 0 } }),
    ],
    [link('source.value', 'add.a', 'l1'), link('add.sum', 'total.values', 'l2')],
  )
}

const open: EditorStore[] = []
const size = { width: 240, height: 120 }

function editor(): EditorStore {
  const store = createEditorStore({ storage: freshStorage(), registry: fixtureRegistry() }, shot())
  for (const id of ['source', 'other', 'add', 'total']) store.getState().setSize(id, size)
  open.push(store)
  return store
}

afterEach(() => {
  for (const store of open.splice(0)) store.close()
})

function position(store: EditorStore, id: string) {
  return store.getState().doc.nodes.find((n) => n.id === id)?.position
}

describe('groups', () => {
  it('frames the selected nodes with room for the label, selects the frame, and undoes in one step', () => {
    const store = editor()
    const before = store.getState().doc
    const id = store.getState().groupNodes(['source', 'add'])
    expect(store.getState().doc.groups).toEqual([
      { id, label: 'Scene 1', nodes: ['source', 'add'], position: { x: -24, y: -60 }, size: { width: 588, height: 204 } },
    ])
    expect(store.getState().selection).toEqual({ nodes: [], links: [], groups: [id] })
    store.getState().undo()
    expect(store.getState().doc).toEqual(before)
  })

  it('moves its nodes with it, and a drag of the frame is one undo step', () => {
    const store = editor()
    const id = store.getState().groupNodes(['source', 'add']) as string
    const moved = store.getState().doc
    for (let x = 10; x <= 50; x += 10) store.getState().moveNodes([], true, { groups: [{ id, position: { x: -24 + x, y: -60 + x } }] })
    store.getState().moveNodes([], false, { groups: [{ id, position: { x: 26, y: -10 } }] })
    expect(position(store, 'source')).toEqual({ x: 50, y: 50 })
    expect(position(store, 'add')).toEqual({ x: 350, y: 50 })
    expect(position(store, 'other')).toEqual({ x: 0, y: 200 })
    expect(store.getState().doc.groups?.[0]?.position).toEqual({ x: 26, y: -10 })
    store.getState().undo()
    expect(store.getState().doc).toEqual(moved)
  })

  it('takes in a node dropped inside its frame and lets go of one dragged out', () => {
    const store = editor()
    const id = store.getState().groupNodes(['source', 'add']) as string
    store.getState().moveNodes([{ nodeId: 'other', position: { x: 100, y: 40 } }], true)
    expect(store.getState().doc.groups?.[0]?.nodes).toEqual(['source', 'add'])
    store.getState().moveNodes([{ nodeId: 'other', position: { x: 100, y: 40 } }], false)
    expect(store.getState().doc.groups?.[0]?.nodes).toEqual(['source', 'add', 'other'])
    store.getState().moveNodes([{ nodeId: 'add', position: { x: 700, y: 400 } }], false)
    expect(store.getState().doc.groups?.[0]).toMatchObject({ id, nodes: ['source', 'other'] })
  })

  it('is renamed one step per pause, resized to hold what is inside, and deleted without its nodes', () => {
    const store = editor()
    const id = store.getState().groupNodes(['source']) as string
    store.getState().renameGroup(id, 'Shot 1')
    store.getState().renameGroup(id, 'Shot 12')
    expect(store.getState().history.undoable).toBe(2)
    store.getState().resizeGroup(id, { position: { x: -24, y: -60 }, size: { width: 700, height: 300 } }, true)
    expect(store.getState().doc.groups?.[0]).toMatchObject({ label: 'Shot 12', nodes: ['source', 'add'], size: { width: 700, height: 300 } })
    store.getState().deleteItems([], [], { groups: [id] })
    expect(store.getState().doc.groups).toEqual([])
    expect(store.getState().doc.nodes).toHaveLength(4)
    store.getState().undo()
    expect(store.getState().doc.groups?.[0]?.label).toBe('Shot 12')
  })

  it('forgets a deleted node, and an older group without a frame is drawn around its nodes', () => {
    const store = editor()
    store.getState().showDocument({ ...shot(), groups: [{ id: 'g1', label: 'Look', nodes: ['add', 'total'] }] })
    for (const id of ['add', 'total']) store.getState().setSize(id, size)
    const view = createFlowViewSelector(fixtureRegistry())(store.getState())
    expect(view.nodes[0]).toMatchObject({ id: 'group:g1', type: 'group-frame', position: { x: 276, y: -60 }, width: 888, zIndex: -2000 })
    store.getState().deleteItems(['total'], [])
    expect(store.getState().doc.groups?.[0]?.nodes).toEqual(['add'])
  })
})

describe('notes', () => {
  it('are added, written, resized, moved and deleted as undoable edits', () => {
    const store = editor()
    const before = store.getState().doc
    const id = store.getState().addNote({ x: 40.4, y: 500 })
    expect(store.getState().selection.notes).toEqual([id])
    store.getState().editNote(id, 'Warmer than shot 3')
    store.getState().resizeNote(id, { position: { x: 40, y: 480 }, size: { width: 300, height: 20 } }, true)
    store.getState().moveNodes([], false, { notes: [{ id, position: { x: 60, y: 520 } }] })
    expect(store.getState().doc.notes).toEqual([
      { id, text: 'Warmer than shot 3', position: { x: 60, y: 520 }, size: { width: 300, height: 60 } },
    ])
    store.getState().deleteItems([], [], { notes: [id] })
    expect(store.getState().doc.notes).toEqual([])
    for (let i = 0; i < 5; i++) store.getState().undo()
    expect(store.getState().doc).toEqual(before)
  })
})

describe('the clipboard with groups and notes', () => {
  it('copies a group with its nodes and a note, and pastes them with their top left corner at the pointer', () => {
    const store = editor()
    const group = store.getState().groupNodes(['source', 'add']) as string
    const note = store.getState().addNote({ x: 0, y: 400 })
    const fragment = fragmentOf(store.getState().doc, [], { groups: [group], notes: [note] })
    expect(fragment.nodes.map((n) => n.id)).toEqual(['source', 'add'])
    expect(fragment.edges.map((e) => e.id)).toEqual(['l1'])
    const parsed = parseFragment(serializeFragment(fragment))
    if (!parsed.ok) throw new Error(parsed.message)

    store.getState().pasteFragment(parsed.fragment, { x: 1000, y: 1000 })
    const pasted = store.getState().doc
    expect(pasted.groups?.[1]).toMatchObject({ id: 'group-2', nodes: ['number-source-1', 'add-1'], position: { x: 1000, y: 1000 } })
    expect(pasted.nodes.find((n) => n.id === 'number-source-1')?.position).toEqual({ x: 1024, y: 1060 })
    expect(pasted.notes?.[1]).toMatchObject({ id: 'note-2', position: { x: 1024, y: 1460 } })
    expect(store.getState().selection).toEqual({ nodes: ['number-source-1', 'add-1'], links: [], groups: ['group-2'], notes: ['note-2'] })
  })

  it('refuses a copied group that holds nodes it did not bring', () => {
    const text = JSON.stringify({ format: 'reelgraph-fragment', version: 1, nodes: [], edges: [], groups: [{ id: 'g', label: 'Lost', nodes: ['x'] }] })
    expect(parseFragment(text)).toEqual({ ok: false, message: 'The copied nodes are damaged: the group "Lost" holds nodes that were not copied.' })
  })
})
