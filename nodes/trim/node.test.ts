import { describe, expect, it } from 'vitest'
import trim from './node'
import { trimRange } from './range'
import { snapToFrame, sourceTimecode, timecode } from './timecode'

describe('trim range', () => {
  it('runs to the end of the clip when no out point is set', () => {
    expect(trimRange(0.5, undefined, 2)).toEqual({ startS: 0.5, endS: 2 })
  })

  it('stops at the end of the clip when the out point is past it', () => {
    expect(trimRange(0, 9, 2)).toEqual({ startS: 0, endS: 2 })
  })

  it('refuses an out point before the in point, and an in point past the end', () => {
    expect(() => trimRange(1, 1, 2)).toThrow(/must come after the in point/)
    expect(() => trimRange(3, 4, 2)).toThrow(/past the end of the clip \(2 s\)/)
  })

  it('needs an out point when the clip’s length is unknown', () => {
    expect(() => trimRange(0, undefined, undefined)).toThrow(/set an out point/)
    expect(trimRange(0, 1.5, undefined)).toEqual({ startS: 0, endS: 1.5 })
  })
})

describe('trim node', () => {
  it('starts at the beginning by default and refuses negative points', () => {
    expect(trim.params.parse({})).toEqual({ startS: 0 })
    expect(trim.params.safeParse({ startS: -1 }).success).toBe(false)
    expect(trim.params.safeParse({ endS: 0 }).success).toBe(false)
  })
})

describe('the scrubber’s frame times', () => {
  it('snaps a time to the start of the frame showing then', () => {
    expect(snapToFrame(0.51, 24)).toBe(0.5)
    expect(snapToFrame(1.02, 30)).toBeCloseTo(31 / 30, 12)
  })

  it('writes timecode as hours, minutes, seconds and frames', () => {
    expect(timecode(0.5, 24)).toBe('00:00:00:12')
    expect(timecode(3725 + 23 / 24, 24)).toBe('01:02:05:23')
    expect(timecode(1001 / 30000 * 30, 29.97)).toBe('00:00:01:00')
  })
})

describe('the scrubber’s source timecode', () => {
  it('counts from the camera file’s own start timecode', () => {
    expect(sourceTimecode(0.5, 24, { startTimecode: '01:00:10:00' })).toBe('01:00:10:12')
    expect(sourceTimecode(0.5, 24, {})).toBe('00:00:00:12')
  })

  it('adds a trim before this one once: the clip’s meta names its file’s start and how far into it the clip begins', () => {
    const trimmed = { startTimecode: '01:00:10:00', frameSpan: { fps: 24, first: 12, frames: 24, fileFrames: 48 } }
    expect(sourceTimecode(0, 24, trimmed)).toBe('01:00:10:12')
    expect(sourceTimecode(0.25, 24, trimmed)).toBe('01:00:10:18')
  })

  it('keeps drop-frame timecode, and counts from the clip’s first frame when the meta’s timecode is none at its rate', () => {
    expect(sourceTimecode(2 / (30000 / 1001), 30000 / 1001, { startTimecode: '00:59:59;28' })).toBe('01:00:00;00')
    expect(sourceTimecode(0.5, 24, { startTimecode: '01:00:00;00' })).toBe('00:00:00:12')
  })
})
