import { describe, expect, it } from 'vitest'
import { freeSpot } from '../../src/editor/canvas/free-spot'
import { node } from '../engine/fixture-nodes'

describe('where a new node goes', () => {
  it('goes where it is wanted when nothing is there', () => {
    expect(freeSpot([node('a', 'add', {}, { position: { x: 1000, y: 0 } })], {}, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 })
  })

  it('moves down the cascade past the nodes it would cover, measured or not', () => {
    const nodes = [node('a', 'add', {}, { position: { x: 0, y: 0 } }), node('b', 'add', {}, { position: { x: 200, y: 200 } })]
    // `a` is measured taller than a new node; `b` sits on the cascade further down.
    const spot = freeSpot(nodes, { a: { width: 240, height: 300 } }, { x: 0, y: 0 })
    expect(spot).toEqual({ x: 320, y: 320 })
  })
})
