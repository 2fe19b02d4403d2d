import { describe, expect, it } from 'vitest'
import { previewItems } from '../../src/editor/preview/preview-items'
import { frameAtTime, frameCount, seekTimeOf, timecode } from '../../src/editor/preview/timecode'
import type { AssetRef } from '../../src/engine'

describe('frames and timecode', () => {
  it('counts a clip’s frames and names each by its timecode, frames from 0', () => {
    expect(frameCount(1, 12)).toBe(12)
    expect(frameCount(10.01, 24)).toBe(240)
    expect(timecode(0, 24)).toBe('00:00:00:00')
    expect(timecode(29, 24)).toBe('00:00:01:05')
    expect(timecode(24 * 3661 + 23, 24)).toBe('01:01:01:23')
    // 29.97 counts frames at 30, without dropping any.
    expect(timecode(30, 29.97)).toBe('00:00:01:00')
  })

  it('seeks to the middle of a frame, and reads a presented frame back to the same number', () => {
    for (const fps of [12, 24, 25, 29.97, 30]) {
      for (const frame of [0, 1, 7, 239]) {
        const seekTo = seekTimeOf(frame, fps)
        expect(Math.floor(seekTo * fps)).toBe(frame)
        expect(frameAtTime(frame / fps, fps)).toBe(frame)
      }
    }
  })
})

describe('preview items', () => {
  it('opens lists of takes into one item each, named as the takes are', () => {
    const take = (n: number): AssetRef => ({ kind: 'video', hash: String(n).repeat(64), mime: 'video/mp4', bytes: 1, meta: { name: `take ${n}` } })
    const items = previewItems([[take(1), take(2)], 'a note'])
    expect(items.map((item) => item.label)).toEqual(['take 1', 'take 2', 'text 3'])
    expect(items[1]?.value).toEqual(take(2))
  })
})
