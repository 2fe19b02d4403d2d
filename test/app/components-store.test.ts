import { afterEach, describe, expect, it } from 'vitest'
import { assetsOfDocument } from '../../src/document/bundle'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { fragmentOf } from '../../src/editor/state/fragment'
import { componentType, type PipelineDoc } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

/** Two shots, each source → add → takes → total, read by one total at the end. */
function film(): PipelineDoc {
  return doc(
    [
      node('source', 'number-source', { value: 2 }),
      node('lift', 'add', { plus: 1 }),
      node('takes', 'takes', { takes: 2 }),
      node('pick', 'total'),
      node('source-b', 'number-source', { value: 4 }),
      node('end', 'total'),
    ],
    [link('source.value', 'lift.a', 'l1'), link('lift.sum', 'takes.base', 'l2'), link('takes.takes', 'pick.values', 'l3'), link('pick.total', 'end.values', 'l4')],
  )
}

const open: EditorStore[] = []
const problems: string[] = []

function editor(start = film()): EditorStore {
  const store = createEditorStore({ storage: freshStorage(), registry: fixtureRegistry() }, start)
  store.setState({ reportProblem: (error: unknown) => void problems.push(String(error)) })
  open.push(store)
  return store
}

afterEach(() => {
  for (const store of open.splice(0)) store.close()
  problems.length = 0
})

function shotComponent(store: EditorStore): string {
  const instance = store.getState().makeComponent(['lift', 'takes', 'pick'])
  if (instance === undefined) throw new Error(problems.join('; '))
  return instance
}

/** A second instance of the first component, fed by source-b and read by the end. */
function placeSecond(store: EditorStore, instance: string): void {
  store.getState().pasteFragment(fragmentOf(store.getState().doc, [instance]))
  const second = store.getState().selection.nodes[0] as string
  store.getState().connect({ from: { node: 'source-b', port: 'value' }, to: { node: second, port: 'a' } })
  store.getState().connect({ from: { node: second, port: 'total' }, to: { node: 'end', port: 'values' } })
}

describe('components in the editor', () => {
  it('make: the selection becomes one selected node, and one undo puts the nodes back', () => {
    const store = editor()
    const instance = shotComponent(store)
    const { doc: made, selection } = store.getState()
    expect(selection.nodes).toEqual([instance])
    expect(made.nodes.map((n) => n.id)).toEqual(['source', instance, 'source-b', 'end'])
    expect(made.components).toHaveLength(1)
    store.getState().undo()
    expect(store.getState().doc).toEqual(film())
  })

  it('edit: a param changed inside the open definition changes every instance, and one undo takes it back', () => {
    const store = editor()
    const instance = shotComponent(store)
    placeSecond(store, instance)
    const instances = store.getState().doc.nodes.filter((n) => n.type === componentType('component-1')).map((n) => n.id)
    expect(instances).toHaveLength(2)

    store.getState().openComponent(instance)
    expect(store.getState().openPath).toEqual([instance])
    expect(store.getState().levelDoc.nodes.map((n) => n.id)).toEqual(['lift', 'takes', 'pick'])
    const undoable = store.getState().history.undoable
    store.getState().setParam('takes', 'takes', 4)
    expect(store.getState().history.undoable).toBe(undoable + 1)
    // The definition is stored once: both instances now make four takes.
    expect(store.getState().doc.components?.[0]?.nodes.find((n) => n.id === 'takes')?.params.takes).toBe(4)
    expect(store.getState().doc.nodes.filter((n) => n.type === componentType('component-1'))).toHaveLength(2)
    // The breadcrumb back out selects the component node that was open.
    store.getState().closeComponent(0)
    expect(store.getState().levelDoc).toBe(store.getState().doc)
    expect(store.getState().selection.nodes).toEqual([instance])
    store.getState().undo()
    expect(store.getState().doc.components?.[0]?.nodes.find((n) => n.id === 'takes')?.params.takes).toBe(2)
  })

  it('renames a port and the links to it on every node of the component; a taken or empty name is refused', () => {
    const store = editor()
    const instance = shotComponent(store)
    placeSecond(store, instance)
    store.getState().renameComponentPort('component-1', 'inputs', 'a', 'base')
    const renamed = store.getState().doc
    expect(renamed.components?.[0]?.inputs.map((port) => port.name)).toEqual(['base'])
    const into = renamed.edges.filter((edge) => edge.to.node !== 'end' && renamed.nodes.some((n) => n.id === edge.to.node && n.type === componentType('component-1')))
    expect(into.map((edge) => edge.to.port)).toEqual(['base', 'base'])
    store.getState().renameComponentPort('component-1', 'outputs', 'total', ' ')
    expect(problems.at(-1)).toMatch(/a port needs a name/)
    expect(store.getState().doc).toBe(renamed)
    store.getState().renameComponent('component-1', 'Shot')
    expect(store.getState().doc.components?.[0]?.name).toBe('Shot')
  })

  it('a component input chosen inside the definition appears on the component node', () => {
    const store = editor()
    const instance = shotComponent(store)
    store.getState().openComponent(instance)
    store.getState().setExposed('takes', 'takes', 'Takes')
    store.getState().closeComponent(0)
    expect(store.getState().doc.components?.[0]?.exposed).toEqual([{ node: 'takes', param: 'takes', label: 'Takes' }])
    expect(store.getState().doc.exposed).toBeUndefined()
    store.getState().setParam(instance, 'Takes', 3)
    expect(store.getState().doc.nodes.find((n) => n.id === instance)?.params).toEqual({ Takes: 3 })
  })

  it('nest: a component made inside an open component lives in the document once, placed inside the outer one', () => {
    const store = editor()
    const scene = store.getState().makeComponent(['lift', 'takes', 'pick', 'end']) as string
    store.getState().openComponent(scene)
    const shot = store.getState().makeComponent(['takes', 'pick']) as string
    expect(store.getState().levelDoc.nodes.map((n) => n.id)).toEqual(['lift', shot, 'end'])
    expect(store.getState().doc.components?.map((c) => c.id)).toEqual(['component-1', 'component-2'])
    store.getState().openComponent(shot)
    expect(store.getState().openPath).toEqual([scene, shot])
    expect(store.getState().levelDoc.nodes.map((n) => n.id)).toEqual(['takes', 'pick'])
  })

  it('refuses recursion: pasting a component into its own definition, directly or through another, says why and changes nothing', () => {
    const store = editor()
    const scene = store.getState().makeComponent(['lift', 'takes', 'pick', 'end']) as string
    store.getState().openComponent(scene)
    const shot = store.getState().makeComponent(['takes', 'pick']) as string
    store.getState().openComponent(shot)
    const before = store.getState().doc
    const outer = fragmentOf({ ...before, nodes: before.nodes }, [scene])
    expect(store.getState().pasteFragment(outer)).toEqual([])
    expect(store.getState().doc).toBe(before)
    expect(problems.at(-1)).toMatch(/a component cannot contain itself \(“Component 2” → “Component 1” → “Component 2”\)/)
  })

  it('unpack: the nodes come back with their links and params (the instance’s own values applied), nothing lost', () => {
    const store = editor()
    const instance = shotComponent(store)
    store.getState().openComponent(instance)
    store.getState().setExposed('takes', 'takes', 'Takes')
    store.getState().closeComponent(0)
    store.getState().setParam(instance, 'Takes', 3)
    store.getState().unpackComponent(instance)
    const unpacked = store.getState().doc
    expect(unpacked.components).toBeUndefined()
    expect(unpacked.nodes.find((n) => n.id === 'takes')?.params).toEqual({ takes: 3 })
    const ends = (d: PipelineDoc) => d.edges.map((e) => `${e.from.node}.${e.from.port}→${e.to.node}.${e.to.port}`).sort()
    expect(ends(unpacked)).toEqual(ends(film()))
    expect([...store.getState().selection.nodes].sort()).toEqual(['lift', 'pick', 'takes'])
  })

  it('runs a made component from the cache: run, make, run again → nothing runs', async () => {
    const store = editor()
    await store.getState().startRun()
    expect(store.getState().currentRun.last?.counts.done).toBe(6)
    const instance = shotComponent(store)
    await store.getState().startRun()
    expect(store.getState().currentRun.last?.counts).toMatchObject({ done: 0, cached: 6 })
    expect(store.getState().nodeRuns[instance]).toMatchObject({ status: 'cached' })
  })
})

describe('a component in a bundle', () => {
  it('carries the media of the nodes inside it', () => {
    const plate = { kind: 'image' as const, hash: 'a'.repeat(64), mime: 'image/png', bytes: 3, meta: {} }
    const withPlate = doc([node('plate', 'number-source', { value: 1, file: plate }), node('lift', 'add')], [link('plate.value', 'lift.a', 'p1')])
    const store = editor(withPlate)
    store.getState().makeComponent(['plate'])
    expect(assetsOfDocument(store.getState().doc)).toEqual([{ ref: plate, path: 'components[0].nodes[0].params.file' }])
  })
})

describe('components from the library', () => {
  it('saves a component and places it in another pipeline: a taken id gets a new one, the inner keys are the same, one undo takes it away', async () => {
    const storage = freshStorage()
    const maker = createEditorStore({ storage, registry: fixtureRegistry() }, film())
    open.push(maker)
    const instance = shotComponent(maker)
    const componentId = maker.getState().doc.components?.[0]?.id as string
    expect(await maker.getState().saveComponent(componentId, instance)).toBe(true)
    await maker.getState().refreshComponents()
    const [saved] = maker.getState().savedComponents
    if (!saved) throw new Error('nothing saved')

    // Another pipeline with a component of its own under the same id.
    const other: PipelineDoc = {
      ...doc([node('titles', componentType(componentId))], []),
      components: [{ id: componentId, name: 'Titles', nodes: [node('n', 'number-source', { value: 9 })], edges: [], inputs: [], outputs: [] }],
    }
    const placer = createEditorStore({ storage, registry: fixtureRegistry() }, other)
    placer.setState({ reportProblem: (error: unknown) => void problems.push(String(error)) })
    open.push(placer)
    await placer.getState().placeSavedComponent(saved.id, { x: 10, y: 20 })
    expect(problems).toEqual([])
    const placed = placer.getState().doc
    expect(placed.components?.map((component) => component.id)).toEqual([componentId, `${componentId}-2`])
    expect(placed.components?.[1]?.nodes).toEqual(maker.getState().doc.components?.[0]?.nodes)
    expect(placed.nodes.at(-1)).toMatchObject({ type: componentType(`${componentId}-2`), position: { x: 10, y: 20 } })
    expect(placer.getState().selection.nodes).toEqual([placed.nodes.at(-1)?.id])

    placer.getState().undo()
    expect(placer.getState().doc).toEqual(other)
  })

  it('says why a file that is not one component is not placed, and changes nothing', () => {
    const store = editor()
    const before = store.getState().doc
    expect(store.getState().placeComponent(film(), { x: 0, y: 0 })).toBeUndefined()
    expect(problems).toEqual([expect.stringContaining('Not placed: “Test” is not one component: it places 0 components')])
    expect(store.getState().doc).toBe(before)
  })
})
