import { describe, expect, it } from 'vitest'
import { linkTargets } from '../../src/editor/state/link-targets'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'

const registry = fixtureRegistry()

describe('where a node’s outputs may be linked from the keyboard', () => {
  const shot = doc(
    [node('one', 'number-source'), node('two', 'number-source'), node('add', 'add'), node('total', 'total')],
    [link('one.value', 'add.a'), link('add.sum', 'total.values')],
  )

  it('offers every input of another node that takes the output, saying which link a single input would lose', () => {
    expect(linkTargets(shot, registry, 'two')).toEqual([
      {
        port: 'value',
        targets: [
          { to: { node: 'add', port: 'a' }, replaces: { node: 'one', port: 'value' } },
          { to: { node: 'add', port: 'b' } },
          { to: { node: 'total', port: 'values' } },
        ],
      },
    ])
  })

  it('leaves out links already there, links into the node itself, wrong types and loops', () => {
    // add.sum already feeds total; total's number would loop back into add; its text fits no input.
    expect(linkTargets(shot, registry, 'add')).toEqual([{ port: 'sum', targets: [] }])
    expect(linkTargets(shot, registry, 'total')).toEqual([
      { port: 'total', targets: [] },
      { port: 'text', targets: [] },
    ])
    // One's value already goes into add.a: only add.b and the list are left.
    expect(linkTargets(shot, registry, 'one')[0]?.targets.map((target) => target.to)).toEqual([
      { node: 'add', port: 'b' },
      { node: 'total', port: 'values' },
    ])
  })

  it('has nothing to offer from a node whose type this build lacks', () => {
    expect(linkTargets(doc([node('ghost', 'no-such-type'), node('add', 'add')]), registry, 'ghost')).toEqual([])
  })
})
