import { describe, expect, it } from 'vitest'
import { NEW_NODE_SIZE } from '../../src/editor/state/free-spot'
import { dragStartOf, draggedBy, flowPointOf, overviewItemAt, overviewScene, visibleBox } from '../../src/editor/canvas/overview-scene'
import type { PipelineDoc } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { registry as shippedRegistry } from '../engine/shipped-registry'

const registry = fixtureRegistry()

/** Two numbers into an add, with a group framing the add and a note over the first number. */
function pipeline(): PipelineDoc {
  return {
    ...doc(
      [
        node('one', 'number-source', {}, { position: { x: 0, y: 0 } }),
        node('two', 'number-source', {}, { position: { x: 0, y: 300 } }),
        node('sum', 'add', {}, { position: { x: 400, y: 100 } }),
      ],
      [link('one.value', 'sum.a', 'l1'), link('two.value', 'sum.b', 'l2')],
    ),
    groups: [{ id: 'g1', label: 'Scene 1', nodes: ['sum'], position: { x: 350, y: 20 }, size: { width: 400, height: 300 } }],
    notes: [{ id: 'n1', text: 'check the sum', position: { x: 20, y: 20 }, size: { width: 100, height: 50 } }],
  }
}

describe('the overview of a pipeline', () => {
  it('boxes each node where it stands, at its measured size or a new node’s, coloured by its category', () => {
    const scene = overviewScene(pipeline(), { sum: { width: 260, height: 150 } }, registry)
    expect(scene.nodes).toEqual([
      { id: 'one', box: { x: 0, y: 0, ...NEW_NODE_SIZE }, category: 'other' },
      { id: 'two', box: { x: 0, y: 300, ...NEW_NODE_SIZE }, category: 'other' },
      { id: 'sum', box: { x: 400, y: 100, width: 260, height: 150 }, category: 'other' },
    ])
    const graded = overviewScene(doc([node('grade', 'image-adjust')]), {}, shippedRegistry)
    expect(graded.nodes[0]?.category).toBe('post')
  })

  it('runs each link from its output’s row on the right edge to its input’s row on the left, typed by the output', () => {
    const { links } = overviewScene(pipeline(), { sum: { width: 260, height: 150 } }, registry)
    // Rows: a 30 px header, 6 px padding, then 22 px a port; `b` is the add's second input.
    expect(links).toEqual([
      { type: 'number', from: { x: 240, y: 47 }, to: { x: 400, y: 147 } },
      { type: 'number', from: { x: 240, y: 347 }, to: { x: 400, y: 169 } },
    ])
  })

  it('drops a link whose node is gone and frames groups and notes where they are', () => {
    const broken = { ...pipeline(), edges: [link('gone.value', 'sum.a', 'l3')] }
    const scene = overviewScene(broken, {}, registry)
    expect(scene.links).toEqual([])
    expect(scene.groups).toEqual([{ id: 'g1', box: { x: 350, y: 20, width: 400, height: 300 } }])
    expect(scene.notes).toEqual([{ id: 'n1', box: { x: 20, y: 20, width: 100, height: 50 } }])
  })
})

describe('what a press on the overview lands on', () => {
  const scene = overviewScene(pipeline(), {}, registry)

  it('finds the node under the point, the note over it first, and nothing on empty space', () => {
    expect(overviewItemAt(scene, { x: 200, y: 100 })).toEqual({ kind: 'nodes', id: 'one' })
    expect(overviewItemAt(scene, { x: 50, y: 40 })).toEqual({ kind: 'notes', id: 'n1' })
    expect(overviewItemAt(scene, { x: 300, y: 250 })).toBeUndefined()
  })

  it('takes the node drawn last where nodes overlap', () => {
    const overlapping = overviewScene(doc([node('under', 'add'), node('over', 'add', {}, { position: { x: 100, y: 50 } })]), {}, registry)
    expect(overviewItemAt(overlapping, { x: 150, y: 60 })).toEqual({ kind: 'nodes', id: 'over' })
    expect(overviewItemAt(overlapping, { x: 50, y: 60 })).toEqual({ kind: 'nodes', id: 'under' })
  })

  it('finds a group by its header only, as the full canvas drags it, and its node inside before it', () => {
    expect(overviewItemAt(scene, { x: 700, y: 40 })).toEqual({ kind: 'groups', id: 'g1' })
    expect(overviewItemAt(scene, { x: 700, y: 300 })).toBeUndefined()
    expect(overviewItemAt(scene, { x: 500, y: 150 })).toEqual({ kind: 'nodes', id: 'sum' })
  })
})

describe('the viewport', () => {
  it('turns a point on the pane into flow coordinates and back the way React Flow draws it', () => {
    const transform = [100, -50, 0.1] as const
    const point = flowPointOf({ x: 120, y: 30 }, transform)
    expect(point.x).toBeCloseTo(200)
    expect(point.y).toBeCloseTo(800)
    expect(visibleBox(1000, 500, transform)).toEqual({ x: -1000, y: 500, width: 10000, height: 5000 })
  })
})

describe('dragging the selection on the overview', () => {
  it('moves the selected nodes, the selected group’s frame and the selected note by the drag, and nothing else', () => {
    const start = dragStartOf(pipeline(), { nodes: ['one'], groups: ['g1'], notes: ['n1'] }, {})
    expect(start).toEqual({
      nodes: [{ nodeId: 'one', position: { x: 0, y: 0 } }],
      groups: [{ id: 'g1', position: { x: 350, y: 20 } }],
      notes: [{ id: 'n1', position: { x: 20, y: 20 } }],
    })
    expect(draggedBy(start, { x: 30, y: -10 })).toEqual({
      nodes: [{ nodeId: 'one', position: { x: 30, y: -10 } }],
      groups: [{ id: 'g1', position: { x: 380, y: 10 } }],
      notes: [{ id: 'n1', position: { x: 50, y: 10 } }],
    })
  })
})
