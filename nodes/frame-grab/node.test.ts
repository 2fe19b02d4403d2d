import { describe, expect, it } from 'vitest'
import frameGrab from './node'

// Grabbing needs WebCodecs, so the frames themselves are checked in Chromium (test/e2e/generation.test.ts).
describe('frame-grab node', () => {
  it('takes the last frame by default, or the first, or a time in seconds', () => {
    expect(frameGrab.params.parse({})).toEqual({ at: 'last' })
    expect(frameGrab.params.parse({ at: 'first' })).toEqual({ at: 'first' })
    expect(frameGrab.params.parse({ at: 1.5 })).toEqual({ at: 1.5 })
    expect(frameGrab.params.safeParse({ at: 'middle' }).success).toBe(false)
    expect(frameGrab.params.safeParse({ at: -1 }).success).toBe(false)
  })

  it('takes a video and gives an image', () => {
    expect(frameGrab.inputs).toEqual({ video: { type: 'video' } })
    expect(frameGrab.outputs).toEqual({ image: { type: 'image' } })
  })
})
