import { describe, expect, it } from 'vitest'
import { createFlowViewSelector } from '../../src/editor/state/flow-view'
import type { PipelineDoc } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'

const registry = fixtureRegistry()
const noSelection = { nodes: [], links: [] }
const noSizes = {}

function shot(): PipelineDoc {
  return doc(
    [node('source', 'number-source', { value: 2 }, { position: { x: 10, y: 20 } }), node('total', 'total'), node('future', 'film-emulation')],
    [link('source.value', 'total.values', 'l1'), link('future.image', 'total.values', 'l2')],
  )
}

describe('the canvas view of a document', () => {
  it('makes one flow node per document node and one edge per link', () => {
    const view = createFlowViewSelector(registry)({ levelDoc: shot(), selection: { nodes: ['total'], links: ['l1'] }, sizes: {} })
    expect(view.nodes.map((n) => [n.id, n.type, n.position, n.selected])).toEqual([
      ['source', 'pipeline', { x: 10, y: 20 }, false],
      ['total', 'pipeline', { x: 0, y: 0 }, true],
      ['future', 'pipeline', { x: 0, y: 0 }, false],
    ])
    expect(view.edges).toMatchObject([
      { id: 'l1', source: 'source', sourceHandle: 'value', target: 'total', targetHandle: 'values', selected: true },
      // A missing node's ports are of unknown type.
      { id: 'l2', source: 'future', className: 'link link--any', selected: false },
    ])
    expect(view.edges[0]?.className).toBe('link link--number')
  })

  it('keeps the objects of what did not change, so React Flow and the node components skip them', () => {
    const select = createFlowViewSelector(registry)
    const first = shot()
    const before = select({ levelDoc: first, selection: noSelection, sizes: noSizes })
    expect(select({ levelDoc: first, selection: noSelection, sizes: noSizes })).toBe(before)

    const moved: PipelineDoc = { ...first, nodes: [{ ...first.nodes[0]!, position: { x: 99, y: 20 } }, ...first.nodes.slice(1)] }
    const after = select({ levelDoc: moved, selection: noSelection, sizes: noSizes })
    expect(after.nodes[0]).not.toBe(before.nodes[0])
    expect(after.nodes[0]?.position).toEqual({ x: 99, y: 20 })
    expect(after.nodes[1]).toBe(before.nodes[1])
    expect(after.edges[0]).toBe(before.edges[0])
  })

  it('hands React Flow back the sizes it measured', () => {
    const select = createFlowViewSelector(registry)
    const size = { width: 240, height: 180 }
    const view = select({ levelDoc: shot(), selection: noSelection, sizes: { total: size } })
    expect(view.nodes[1]?.measured).toBe(size)
    expect(view.nodes[0]?.measured).toBeUndefined()
  })
})
