import { describe, expect, it } from 'vitest'
import { findCycles, validateDocument } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'

const registry = fixtureRegistry()
const messages = (d: ReturnType<typeof doc>) => validateDocument(d, registry)

describe('validateDocument', () => {
  it('finds nothing wrong with a sound graph', () => {
    expect(messages(doc([node('a', 'number-source'), node('b', 'add')], [link('a.value', 'b.a')]))).toEqual([])
  })

  it('finds duplicate node and edge ids', () => {
    const issues = messages(
      doc([node('a', 'number-source'), node('a', 'number-source')], [link('a.value', 'a.value', 'e'), link('a.value', 'a.value', 'e')]),
    )
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: 'a', path: 'nodes[1].id', message: 'duplicate node id "a"' }))
    expect(issues).toContainEqual(expect.objectContaining({ edgeId: 'e', path: 'edges[1].id' }))
  })

  it('finds links to nodes and ports that do not exist', () => {
    const issues = messages(
      doc([node('a', 'number-source'), node('b', 'add')], [link('a.value', 'b.a'), link('ghost.value', 'b.b'), link('a.nope', 'b.b')]),
    )
    expect(issues).toContainEqual(expect.objectContaining({ path: 'edges[1].from.node', message: expect.stringMatching(/"ghost"/) }))
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: 'a', path: 'edges[2].from.port' }))
  })

  it('finds a link between ports of different types', () => {
    const issues = messages(
      doc([node('n', 'number-source'), node('t', 'total'), node('b', 'add')], [link('n.value', 't.values'), link('t.text', 'b.a')]),
    )
    expect(issues).toEqual([
      expect.objectContaining({ nodeId: 'b', path: 'edges[1]', message: 'link refused: a text output cannot go into a number input' }),
    ])
  })

  it('finds a required input with no link, and allows an optional one', () => {
    const issues = messages(doc([node('b', 'add')]))
    expect(issues).toEqual([{ nodeId: 'b', path: 'nodes[0]', message: 'input "a" needs a link' }])
  })

  it('finds two links into a single input, and allows many into a list input', () => {
    const nodes = [node('x', 'number-source'), node('y', 'number-source'), node('b', 'add'), node('t', 'total')]
    const issues = messages(doc(nodes, [link('x.value', 'b.a'), link('y.value', 'b.a'), link('x.value', 't.values'), link('y.value', 't.values')]))
    expect(issues).toEqual([expect.objectContaining({ nodeId: 'b', message: 'input "a" takes one link; it has more than one' })])
  })

  it('finds bad params with the path of the field', () => {
    const issues = messages(doc([node('n', 'number-source', { value: 'seven' })]))
    expect(issues).toEqual([expect.objectContaining({ nodeId: 'n', path: 'nodes[0].params.value' })])
  })

  it('finds an unknown node type and keeps going', () => {
    const issues = messages(doc([node('m', 'teleport'), node('b', 'add')], [link('m.out', 'b.a')]))
    expect(issues).toEqual([expect.objectContaining({ nodeId: 'm', message: 'unknown node type "teleport" (missing node)' })])
  })

  it('finds a loop and names every node on it', () => {
    const issues = messages(
      doc([node('a', 'add'), node('b', 'add'), node('c', 'add')], [link('a.sum', 'b.a'), link('b.sum', 'c.a'), link('c.sum', 'a.a')]),
    )
    const loopIssues = issues.filter((issue) => issue.message.startsWith('part of a loop'))
    expect(loopIssues.map((issue) => issue.nodeId).sort()).toEqual(['a', 'b', 'c'])
  })
})

describe('findCycles', () => {
  it('finds a self-loop and separate loops, and none in a diamond', () => {
    const looped = doc(
      [node('s', 'add'), node('a', 'add'), node('b', 'add')],
      [link('s.sum', 's.b'), link('a.sum', 'b.a'), link('b.sum', 'a.a')],
    )
    expect(findCycles(looped).map((cycle) => cycle.sort())).toEqual([['s'], ['a', 'b']])
    const diamond = doc(
      [node('top', 'number-source'), node('l', 'add'), node('r', 'add'), node('bottom', 'add')],
      [link('top.value', 'l.a'), link('top.value', 'r.a'), link('l.sum', 'bottom.a'), link('r.sum', 'bottom.b')],
    )
    expect(findCycles(diamond)).toEqual([])
  })

  it('handles a chain of 100,000 nodes without overflowing the stack', () => {
    const count = 100_000
    const nodes = Array.from({ length: count }, (_, i) => node(`n${i}`, 'add'))
    const edges = Array.from({ length: count - 1 }, (_, i) => link(`n${i}.sum`, `n${i + 1}.a`))
    expect(findCycles(doc(nodes, edges))).toEqual([])
  })
})
