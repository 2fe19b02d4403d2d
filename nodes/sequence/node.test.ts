import { describe, expect, it } from 'vitest'
import { readEdl } from '../../test/edl'
import { cutAsEdl, timecode } from './edl'
import { fitInside } from './fit'
import sequence from './node'
import { framesAtRate, layersAt, pictureTimes, samplesFor, sequenceTimeline } from './timeline'

describe('frame rate', () => {
  it('keeps a clip’s length in seconds at the sequence’s rate', () => {
    expect(framesAtRate(24, 24, 24)).toBe(24)
    expect(framesAtRate(30, 30, 24)).toBe(24)
    expect(framesAtRate(60, 25, 24)).toBe(58)
  })

  it('picks the middle of each sequence frame, so a clip at the same rate gives each frame once', () => {
    expect(pictureTimes(3, 24, 0)).toEqual([0.5 / 24, 1.5 / 24, 2.5 / 24])
    // 30 fps into 24: frame midpoints land on source frames 0, 1, 3, 4 (frame 2 is dropped).
    const sourceFrames = pictureTimes(4, 24, 0).map((time) => Math.floor(time * 30))
    expect(sourceFrames).toEqual([0, 1, 3, 4])
    // 12 fps into 24: each source frame shows twice.
    expect(pictureTimes(4, 24, 0).map((time) => Math.floor(time * 12))).toEqual([0, 0, 1, 1])
  })
})

describe('sequence timeline', () => {
  it('lays clips end to end on a cut, the length the sum', () => {
    expect(sequenceTimeline([24, 24], 0)).toEqual({ starts: [0, 24], frames: 48 })
    expect(layersAt(23, sequenceTimeline([24, 24], 0), [24, 24], 0)).toEqual([{ clip: 0, weight: 1 }])
    expect(layersAt(24, sequenceTimeline([24, 24], 0), [24, 24], 0)).toEqual([{ clip: 1, weight: 1 }])
  })

  it('overlaps clips by the crossfade, the length the sum less the fades', () => {
    const clips = [24, 24, 24]
    const timeline = sequenceTimeline(clips, 6)
    expect(timeline).toEqual({ starts: [0, 18, 36], frames: 60 })
    expect(layersAt(17, timeline, clips, 6)).toEqual([{ clip: 0, weight: 1 }])
    const shares = (frame: number) => layersAt(frame, timeline, clips, 6).map(({ clip, weight }) => [clip, Number(weight.toFixed(6))])
    expect(shares(18)).toEqual([[0, Number((6 / 7).toFixed(6))], [1, Number((1 / 7).toFixed(6))]])
    expect(shares(23)).toEqual([[0, Number((1 / 7).toFixed(6))], [1, Number((6 / 7).toFixed(6))]])
    expect(layersAt(24, timeline, clips, 6)).toEqual([{ clip: 1, weight: 1 }])
  })

  it('refuses a crossfade longer than a clip can carry', () => {
    expect(() => sequenceTimeline([24, 10, 24], 6)).toThrow(/clip 2 is 10 frames long, too short for the crossfades at its ends \(12 frames\)/)
    expect(() => sequenceTimeline([], 0)).toThrow(/at least one clip/)
  })

  it('gives the sound as many samples as the frames last', () => {
    expect(samplesFor(24, 24, 48_000)).toBe(48_000)
    expect(samplesFor(18, 24, 48_000)).toBe(36_000)
  })
})

describe('sequence node', () => {
  it('is version 2 (the EDL output), and takes a version 1 node’s params as they are', () => {
    expect(sequence.version).toBe(2)
    expect(sequence.migrations?.[1]?.({ crossfadeS: 0.5 })).toEqual({ crossfadeS: 0.5 })
  })

  it('cuts by default and refuses a negative crossfade', () => {
    expect(sequence.params.parse({})).toEqual({ crossfadeS: 0 })
    expect(sequence.params.safeParse({ crossfadeS: -1 }).success).toBe(false)
  })
})

describe('the cut as an EDL', () => {
  const hour = 3600 * 24

  it('writes timecode as hh:mm:ss:ff, non-drop, on a whole-number timebase', () => {
    expect(timecode(0, 24)).toBe('00:00:00:00')
    expect(timecode(24 * 61 + 5, 24)).toBe('00:01:01:05')
    expect(timecode(3600 * 30 + 29, 30)).toBe('01:00:00:29')
  })

  it('lists a straight cut as one event a clip, source from each clip’s start, record from 01:00:00:00', () => {
    const clips = [{ name: 'wide.mp4', frames: 48 }, { name: 'close.mp4', frames: 30 }, { name: 'insert.mp4', frames: 13 }]
    const timeline = sequenceTimeline(clips.map(({ frames }) => frames), 0)
    const { title, fcm, events } = readEdl(cutAsEdl({ title: 'Dusk', fps: 24, clips, crossfadeFrames: 0, timeline }), 24)
    expect({ title, fcm }).toEqual({ title: 'Dusk', fcm: 'NON-DROP FRAME' })
    expect(events).toEqual([
      { event: 1, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 48, recordIn: hour, recordOut: hour + 48, clipName: 'wide.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 30, recordIn: hour + 48, recordOut: hour + 78, clipName: 'close.mp4' },
      { event: 3, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 13, recordIn: hour + 78, recordOut: hour + 91, clipName: 'insert.mp4' },
    ])
    expect(events.at(-1)!.recordOut - hour).toBe(timeline.frames)
  })

  it('writes a crossfade as a dissolve from the outgoing clip where the fade starts', () => {
    const clips = [{ name: 'a.mp4', frames: 24 }, { name: 'b.mp4', frames: 24 }]
    const timeline = sequenceTimeline([24, 24], 6)
    const { events } = readEdl(cutAsEdl({ title: 'Fade', fps: 24, clips, crossfadeFrames: 6, timeline }), 24)
    expect(events).toEqual([
      { event: 1, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 18, recordIn: hour, recordOut: hour + 18, clipName: 'a.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'C', sourceIn: 18, sourceOut: 18, recordIn: hour + 18, recordOut: hour + 18, clipName: 'a.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'D', duration: 6, sourceIn: 0, sourceOut: 24, recordIn: hour + 18, recordOut: hour + 42, clipName: 'b.mp4' },
    ])
    expect(hour + timeline.frames).toBe(events.at(-1)!.recordOut)
  })

  it('counts 29.97 fps on a timebase of 30', () => {
    const { events } = readEdl(cutAsEdl({ title: 'NTSC', fps: 30000 / 1001, clips: [{ name: 'x', frames: 45 }], crossfadeFrames: 0, timeline: sequenceTimeline([45], 0) }), 30)
    expect(events[0]).toMatchObject({ sourceOut: 45, recordIn: 3600 * 30, recordOut: 3600 * 30 + 45 })
  })
})

describe('fitting a clip of another shape', () => {
  it('fills the frame when the shape is the same', () => {
    expect(fitInside({ width: 320, height: 180 }, { width: 640, height: 360 })).toEqual({ x: 0, y: 0, width: 640, height: 360 })
  })

  it('pillarboxes a 4:3 clip in a 16:9 frame and letterboxes a scope one, centred', () => {
    expect(fitInside({ width: 640, height: 480 }, { width: 1920, height: 1080 })).toEqual({ x: 240, y: 0, width: 1440, height: 1080 })
    expect(fitInside({ width: 2048, height: 858 }, { width: 1920, height: 1080 })).toEqual({ x: 0, y: 138, width: 1920, height: 804 })
  })
})
