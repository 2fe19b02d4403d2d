import { describe, expect, it } from 'vitest'
import { fitsOnlyFarOut } from '../../src/editor/canvas/far-zoom'
import { doc, node } from '../engine/fixture-nodes'

/** A row of `count` nodes 300 apart. */
const row = (count: number) => doc(Array.from({ length: count }, (_, i) => node(`n${i}`, 'add', {}, { position: { x: i * 300, y: 0 } })))

describe('whether a pipeline opens on the overview', () => {
  it('does when fitting it into the window takes a zoom below 20 %', () => {
    // 40 nodes span 11,940 px; with 20 % padding 1,440 px fit them at about 0.1.
    expect(fitsOnlyFarOut(row(40), {}, 1440, 900, 0.2)).toBe(true)
  })

  it('does not for a pipeline that fits at a readable zoom, nor for an empty one', () => {
    expect(fitsOnlyFarOut(row(5), {}, 1440, 900, 0.2)).toBe(false)
    expect(fitsOnlyFarOut(doc([]), {}, 1440, 900, 0.2)).toBe(false)
  })

  it('counts measured sizes: one very tall node makes a short row far', () => {
    expect(fitsOnlyFarOut(row(5), { n2: { width: 240, height: 9000 } }, 1440, 900, 0.2)).toBe(true)
  })
})
