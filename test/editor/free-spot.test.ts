import { describe, expect, it } from 'vitest'
import { freeSpot, NEW_NODE_SIZE } from '../../src/editor/state/free-spot'
import { canvasObstacles } from '../../src/editor/state/groups-and-notes'
import type { PipelineDoc } from '../../src/graph'
import { node } from '../engine/fixture-nodes'

type Box = { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

describe('where a new node goes', () => {
  it('goes where it is wanted when nothing is there', () => {
    const obstacles = canvasObstacles({ nodes: [node('a', 'add', {}, { position: { x: 1000, y: 0 } })] }, {})
    expect(freeSpot(obstacles, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 })
  })

  it('goes to the nearest free spot, not down a diagonal past the nodes it would cover', () => {
    // `a` is measured taller than a new node; wanted over its upper part.
    const obstacles = canvasObstacles({ nodes: [node('a', 'add', {}, { position: { x: 0, y: 0 } })] }, { a: { width: 240, height: 300 } })
    const spot = freeSpot(obstacles, { x: 60, y: 100 })
    // Out to the right (204 px) is nearer than below the tall node (224 px) or a cascade down both.
    expect(spot).toEqual({ x: 264, y: 100 })
  })

  it('keeps clear of group frames and notes as well as nodes', () => {
    const doc: Pick<PipelineDoc, 'nodes' | 'groups' | 'notes'> = {
      nodes: [node('a', 'add', {}, { position: { x: 0, y: 0 } })],
      groups: [{ id: 'g', label: 'Scene 1', nodes: ['a'], position: { x: -24, y: -60 }, size: { width: 600, height: 400 } }],
      notes: [{ id: 'n', text: 'Reshoot', position: { x: 600, y: 0 }, size: { width: 220, height: 140 } }],
    }
    const obstacles = canvasObstacles(doc, {})
    expect(obstacles).toHaveLength(3)
    // Inside the group's empty corner, beside the note: neither may be covered.
    const spot = freeSpot(obstacles, { x: 400, y: 100 })
    const placed = { ...spot, ...NEW_NODE_SIZE }
    for (const obstacle of obstacles) expect(overlap(placed, { ...obstacle.position, ...obstacle.size })).toBe(false)
    expect(Math.hypot(spot.x - 400, spot.y - 100)).toBeLessThan(400)
  })
})
