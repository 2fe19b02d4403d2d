import { describe, expect, it } from 'vitest'
import { frameSpanOf, keptFrames } from '../../src/media/video/frame-span'

/** Frame start times of a constant-rate clip, as a container's timescale gives them. */
function frameStarts(count: number, frameDuration: number, timescale: number): number[] {
  return Array.from({ length: count }, (_, frame) => Math.round(frame * frameDuration * timescale) / timescale)
}

describe('the frames a trim keeps', () => {
  it('keeps 0.5–1.5 s of 29.97 fps as frames 15 to 44: 30 whole frames, no sliver of frame 14', () => {
    const starts = frameStarts(90, 1001 / 30000, 30000)
    const kept = keptFrames(starts, 90 * (1001 / 30000), { startS: 0.5, endS: 1.5 })
    expect(kept).toEqual({ first: 15, count: 30, startS: starts[15], endS: starts[45] })
  })

  it('keeps 0.5–1.5 s of 25 fps as 25 frames, a half-way point going to the later frame at both ends', () => {
    const kept = keptFrames(frameStarts(50, 1 / 25, 12800), 2, { startS: 0.5, endS: 1.5 })
    expect({ first: kept.first, count: kept.count }).toEqual({ first: 13, count: 25 })
  })

  it('keeps whole frames of a millisecond timescale (WebM) at 29.97 fps', () => {
    const starts = frameStarts(90, 1001 / 30000, 1000)
    const kept = keptFrames(starts, 3.003, { startS: 0.5, endS: 1.5 })
    expect({ first: kept.first, count: kept.count, startS: kept.startS, endS: kept.endS }).toEqual({ first: 15, count: 30, startS: 0.501, endS: 1.502 })
  })

  it('counts from the clip’s first frame, wherever its timestamps start', () => {
    const starts = frameStarts(48, 1 / 24, 90000).map((time) => time + 10)
    expect(keptFrames(starts, 12, { startS: 0.5, endS: 1 })).toMatchObject({ first: 12, count: 12, startS: 10.5 })
  })

  it('runs to the clip’s end, and refuses a range that holds no whole frame', () => {
    const starts = frameStarts(24, 1 / 24, 90000)
    expect(keptFrames(starts, 1, { startS: 0.5, endS: 5 })).toMatchObject({ first: 12, count: 12, endS: 1 })
    expect(() => keptFrames(starts, 1, { startS: 0.5, endS: 0.51 })).toThrow(/fall on the same frame boundary/)
    expect(() => keptFrames(starts, 1, { startS: 0.99, endS: 1 })).toThrow(/at or past the clip’s last frame/)
  })
})

describe('a clip’s span of its file', () => {
  it('is the one its meta records, or the whole clip', () => {
    const span = { fps: 24, first: 12, frames: 24, fileFrames: 48 }
    expect(frameSpanOf({ frameSpan: span }, { fps: 24, frameCount: 24 })).toEqual(span)
    expect(frameSpanOf({}, { fps: 25, frameCount: 50 })).toEqual({ fps: 25, first: 0, frames: 50, fileFrames: 50 })
    expect(frameSpanOf({ frameSpan: { fps: -1 } }, { fps: 25, frameCount: 50 })).toEqual({ fps: 25, first: 0, frames: 50, fileFrames: 50 })
  })
})
