import { describe, expect, it } from 'vitest'
import { applyNodeChanges } from '../../src/editor/canvas/canvas-changes'
import { roomBelow } from '../../src/editor/canvas/room-below'
import { createEditorStore } from '../../src/editor/state/create-editor-store'
import { registry } from '../engine/shipped-registry'
import { freshStorage, sampleDoc } from '../storage/fixtures'
import { node } from '../engine/fixture-nodes'

describe('a node that grows', () => {
  const column = [
    node('takes', 'add', {}, { position: { x: 0, y: 0 } }),
    node('grade', 'add', {}, { position: { x: 0, y: 140 } }),
    node('export', 'add', {}, { position: { x: 0, y: 280 } }),
    node('beside', 'add', {}, { position: { x: 400, y: 140 } }),
    node('far', 'add', {}, { position: { x: 0, y: 2000 } }),
  ]
  const measured = { takes: { width: 240, height: 120 }, grade: { width: 240, height: 120 }, export: { width: 240, height: 120 }, beside: { width: 240, height: 120 } }

  it('moves the nodes under it in its column down, keeping their gap, and leaves the rest where they are', () => {
    // The take grid appeared: 120 → 420 px tall.
    const moves = roomBelow(column, { ...measured, takes: { width: 240, height: 420 } }, 'takes', 120)
    expect(Object.fromEntries(moves)).toEqual({ grade: { x: 0, y: 436 }, export: { x: 0, y: 572 } })
  })

  it('moves nothing when the growth fits in the room there was', () => {
    expect(roomBelow(column, { ...measured, takes: { width: 240, height: 124 } }, 'takes', 120).size).toBe(0)
  })
})

describe('on the canvas', () => {
  it('a node measured taller after it was first measured pushes the node under it down, with no undo step', () => {
    const doc = sampleDoc('grow', 'Grow', 2)
    doc.nodes = doc.nodes.map((each, i) => ({ ...each, position: { x: 0, y: i * 140 } }))
    const storage = freshStorage()
    const store = createEditorStore({ storage, registry }, doc)
    try {
      const measure = (height: number) =>
        applyNodeChanges(store.getState(), [
          { type: 'dimensions', id: 'shot-0', dimensions: { width: 240, height } },
          ...(height === 120 ? [{ type: 'dimensions' as const, id: 'shot-1', dimensions: { width: 240, height: 120 } }] : []),
        ])
      measure(120)
      const steps = store.getState().history
      measure(400)
      expect(store.getState().doc.nodes.find((each) => each.id === 'shot-1')?.position).toEqual({ x: 0, y: 416 })
      expect(store.getState().history).toEqual(steps)
    } finally {
      store.close()
      storage.close()
    }
  })
})
