import { describe, expect, it } from 'vitest'
import { readEdl } from '../../test/edl'
import { readFcpxml } from '../../test/fcpxml'
import { placeTrack, readOtio } from '../../test/otio'
import type { Cut, CutClip } from './cut'
import { cutAsEdl, timecode } from './edl'
import { cutAsFcpxml, fcpxmlTime } from './fcpxml'
import { fitInside } from './fit'
import sequence from './node'
import { cutAsOtio } from './otio'
import { editOf, playOrder } from './edit'
import { framesAtRate, layersAt, pictureTimes, samplesFor, sequenceTimeline } from './timeline'
import { timecodeFrames } from '../../src/media/video/timecode-track'

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

describe('the timeline’s edit', () => {
  const clips = [
    { fps: 24, frameCount: 48 },
    { fps: 24, frameCount: 24 },
    { fps: 30, frameCount: 60 },
  ]

  it('plays links by their place, a link without one at its link order', () => {
    expect(playOrder(3, [])).toEqual([0, 1, 2])
    expect(playOrder(3, [{ inS: 0, place: 2 }, { inS: 0, place: 0 }, { inS: 0, place: 1 }])).toEqual([1, 2, 0])
    // A new link (no entry yet) lands after the placed ones that come before its link order.
    expect(playOrder(3, [{ inS: 0, place: 1 }, { inS: 0, place: 0 }])).toEqual([1, 0, 2])
  })

  it('trims each clip on its own frames and lays the cut at the first clip’s rate', () => {
    const edit = editOf(clips, [{ inS: 0.5, outS: 1.5 }, { inS: 0, place: 0 }, { inS: 0.5 }], 0, 24)
    expect(edit.clips).toEqual([
      { link: 1, first: 0, sourceFrames: 24, frames: 24 },
      { link: 0, first: 12, sourceFrames: 24, frames: 24 },
      // 30 fps from 0.5 s: its own frame 15 on, 45 frames, 1.5 s at 24 fps.
      { link: 2, first: 15, sourceFrames: 45, frames: 36 },
    ])
    expect(edit.timeline).toEqual({ starts: [0, 24, 48], frames: 84 })
  })

  it('snaps in and out to the nearest frame start and keeps the out inside the clip', () => {
    const edit = editOf([{ fps: 24, frameCount: 48 }], [{ inS: 0.51, outS: 99 }], 0, 24)
    expect(edit.clips[0]).toMatchObject({ first: 12, sourceFrames: 36 })
  })

  it('gives each join its own dissolve, or the crossfade, carried by the incoming clip', () => {
    const edit = editOf(clips, [{ inS: 0 }, { inS: 0, dissolveS: 0.25 }, { inS: 0 }], 0.5, 24)
    expect(edit.joins).toEqual([6, 12])
    expect(edit.timeline).toEqual({ starts: [0, 42, 54], frames: 102 })
  })

  it('refuses an in point past the clip or an out point on it, naming the clip', () => {
    expect(() => editOf(clips, [{ inS: 2 }], 0, 24)).toThrow(/clip 1: the in point \(2 s\) is at or past the clip’s last frame/)
    expect(() => editOf(clips, [{ inS: 0 }, { inS: 0.5, outS: 0.5 }], 0, 24)).toThrow(/clip 2: .*keep at least one frame/)
  })
})

describe('sequence node', () => {
  it('is version 4 (the timeline’s edit), and takes older nodes’ params as they are', () => {
    expect(sequence.version).toBe(4)
    expect(sequence.migrations?.[1]?.({ crossfadeS: 0.5 })).toEqual({ crossfadeS: 0.5 })
    expect(sequence.migrations?.[2]?.({ crossfadeS: 0.5 })).toEqual({ crossfadeS: 0.5 })
    expect(sequence.migrations?.[3]?.({ crossfadeS: 0.5 })).toEqual({ crossfadeS: 0.5 })
    // An older node's params read as link order, untrimmed, the crossfade at every join.
    expect(sequence.params.parse({ crossfadeS: 0.5 })).toEqual({ crossfadeS: 0.5, clips: [], startTimecode: '01:00:00:00' })
  })

  it('cuts by default and refuses a negative crossfade', () => {
    expect(sequence.params.parse({})).toEqual({ crossfadeS: 0, clips: [], startTimecode: '01:00:00:00' })
    expect(sequence.params.safeParse({ crossfadeS: -1 }).success).toBe(false)
  })

  it('starts at 01:00:00:00 unless told, and says how to write a start timecode it cannot read', () => {
    expect(sequence.params.parse({ startTimecode: '10:00:00:00' }).startTimecode).toBe('10:00:00:00')
    const refused = sequence.params.safeParse({ startTimecode: '1:00:00' })
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]?.message).toMatch(/hours:minutes:seconds:frames/)
  })
})

/** A cut of `clips` at `fps`: each from its own file, at its own rate, from `first` of that file. */
function cutOf(fps: number, clips: { name: string; fps?: number; first?: number; frames: number; sound?: boolean }[], crossfadeFrames: number | number[] = 0): Cut {
  const cutClips: CutClip[] = clips.map(({ name, fps: sourceFps = fps, first = 0, frames, sound = true }) => ({
    name,
    source: { fps: sourceFps, first, frames, fileFrames: first + frames + 10 },
    width: 160,
    height: 90,
    frames: framesAtRate(frames, sourceFps, fps),
    ...(sound ? { sound: { channels: 2, sampleRate: 48_000 } } : {}),
  }))
  return { title: 'Dusk', fps, width: 160, height: 90, clips: cutClips, crossfadeFrames, timeline: sequenceTimeline(cutClips.map((clip) => clip.frames), crossfadeFrames), startFrame: 3600 * Math.round(fps) }
}

describe('the cut as an EDL', () => {
  const hour = 3600 * 24

  it('writes timecode as hh:mm:ss:ff, non-drop, on a whole-number timebase', () => {
    expect(timecode(0, 24)).toBe('00:00:00:00')
    expect(timecode(24 * 61 + 5, 24)).toBe('00:01:01:05')
    expect(timecode(3600 * 30 + 29, 30)).toBe('01:00:00:29')
  })

  it('lists a straight cut as one event a clip, source from each clip’s start, record from 01:00:00:00', () => {
    const cut = cutOf(24, [{ name: 'wide.mp4', frames: 48 }, { name: 'close.mp4', frames: 30 }, { name: 'insert.mp4', frames: 13 }])
    const edl = cutAsEdl(cut)
    const { title, fcm, events } = readEdl(edl.text, 24)
    expect({ title, fcm, approximate: edl.approximate }).toEqual({ title: 'Dusk', fcm: 'NON-DROP FRAME', approximate: [] })
    expect(events).toEqual([
      { event: 1, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 48, recordIn: hour, recordOut: hour + 48, clipName: 'wide.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 30, recordIn: hour + 48, recordOut: hour + 78, clipName: 'close.mp4' },
      { event: 3, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 13, recordIn: hour + 78, recordOut: hour + 91, clipName: 'insert.mp4' },
    ])
    expect(events.at(-1)!.recordOut - hour).toBe(cut.timeline.frames)
  })

  it('names a trimmed clip’s own frames of its file: a trim from frame 12 is listed from 00:00:00:12', () => {
    const { events } = readEdl(cutAsEdl(cutOf(24, [{ name: 'ridge.mp4', first: 12, frames: 24 }])).text, 24)
    expect(events[0]).toMatchObject({ sourceIn: 12, sourceOut: 36, recordIn: hour, recordOut: hour + 24 })
  })

  it('writes a crossfade as a dissolve from the outgoing clip where the fade starts', () => {
    const cut = cutOf(24, [{ name: 'a.mp4', frames: 24 }, { name: 'b.mp4', first: 5, frames: 24 }], 6)
    const { events } = readEdl(cutAsEdl(cut).text, 24)
    expect(events).toEqual([
      { event: 1, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 18, recordIn: hour, recordOut: hour + 18, clipName: 'a.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'C', sourceIn: 18, sourceOut: 18, recordIn: hour + 18, recordOut: hour + 18, clipName: 'a.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'D', duration: 6, sourceIn: 5, sourceOut: 29, recordIn: hour + 18, recordOut: hour + 42, clipName: 'b.mp4' },
    ])
    expect(hour + cut.timeline.frames).toBe(events.at(-1)!.recordOut)
  })

  it('writes a drop-frame record side at 29.97 fps, over a minute whose first labels it skips', () => {
    const ntsc = 30000 / 1001
    // 01:00:59;00, then 40 frames: past 01:01:00;00 and ;01, which drop-frame timecode skips.
    const cut = { ...cutOf(ntsc, [{ name: 'dusk.mov', frames: 40 }]), startFrame: timecodeFrames('01:00:59;00', ntsc), dropFrame: true }
    const edl = cutAsEdl(cut)
    expect(edl.text).toContain(' 01:00:59;00 01:01:00;12')
    const { fcm, events } = readEdl(edl.text, 30)
    expect(fcm).toBe('DROP FRAME')
    expect(events[0]).toMatchObject({ sourceIn: 0, sourceOut: 40, recordIn: cut.startFrame, recordOut: cut.startFrame + 40 })
    expect(readEdl(cutAsEdl({ ...cut, dropFrame: false, startFrame: 108_000 }).text, 30).fcm).toBe('NON-DROP FRAME')
    expect(cutAsFcpxml(cut)).toMatch(/<sequence [^>]*tcFormat="DF"/)
    expect(cutAsFcpxml({ ...cut, dropFrame: false })).toMatch(/<sequence [^>]*tcFormat="NDF"/)
  })

  it('writes a drop-frame source in its own drop-frame timecode, from its own start, under a non-drop record side', () => {
    const ntsc = 30000 / 1001
    const cut = cutOf(ntsc, [
      { name: 'camera-a.mov', first: 20, frames: 40 },
      { name: 'camera-b.mov', fps: 60000 / 1001, frames: 80 },
    ])
    // Each file's own start timecode, as export records it: the first runs past 10:01:00;00 and ;01, which 29.97 skips;
    // the second into minute 10, which 59.94 does not skip.
    cut.clips[0]!.sourceTimecode = { startFrame: timecodeFrames('10:00:59;08', ntsc), dropFrame: true }
    cut.clips[1]!.sourceTimecode = { startFrame: timecodeFrames('00:09:59;56', 60000 / 1001), dropFrame: true }
    const edl = cutAsEdl(cut)
    expect(edl.text).toContain(' 10:00:59;28 10:01:01;10 01:00:00:00 ')
    expect(edl.text).toContain(' 00:09:59;56 00:10:01;16 ')
    const { fcm, events } = readEdl(edl.text, 30, (name) => (name === 'camera-b.mov' ? 60 : 30))
    expect(fcm).toBe('NON-DROP FRAME')
    const [a, b] = cut.clips.map((clip) => clip.sourceTimecode!.startFrame)
    expect(events.map(({ sourceIn, sourceOut }) => [sourceIn, sourceOut])).toEqual([
      [a! + 20, a! + 60],
      [b!, b! + 80],
    ])
    // The .otio and .fcpxml count the same media time from the same start.
    const otio = JSON.parse(cutAsOtio(cut)) as { tracks: { children: { children: { name: string; source_range: { start_time: { value: number } } }[] }[] } }
    const clips = otio.tracks.children[0]!.children.filter((item) => item.name === 'camera-a.mov')
    expect(clips[0]!.source_range.start_time.value).toBe(a! + 20)
    expect(cutAsFcpxml(cut)).toContain(`start="${fcpxmlTime(a! + 20, ntsc)}"`)
    expect(cutAsFcpxml(cut)).toMatch(/<asset-clip [^>]*name="camera-a\.mov"[^>]*tcFormat="DF"/)
    delete cut.clips[0]!.sourceTimecode
    expect(cutAsFcpxml(cut)).toMatch(/<asset-clip [^>]*name="camera-a\.mov"[^>]*tcFormat="NDF"/)
  })

  it('counts 29.97 fps on a timebase of 30', () => {
    const { events } = readEdl(cutAsEdl(cutOf(30000 / 1001, [{ name: 'x', frames: 45 }])).text, 30)
    expect(events[0]).toMatchObject({ sourceOut: 45, recordIn: 3600 * 30, recordOut: 3600 * 30 + 45 })
  })

  it('writes a source at another rate at its own rate, and says the event is approximate', () => {
    // 1.5 s of a 24 fps file in a 30 fps sequence: 36 frames of the file, 45 of the sequence.
    const cut = cutOf(30, [{ name: 'a30.mp4', frames: 30 }, { name: 'b24.mp4', fps: 24, frames: 36 }])
    const edl = cutAsEdl(cut)
    const { events } = readEdl(edl.text, 30, (name) => (name === 'b24.mp4' ? 24 : 30))
    expect(events[1]).toMatchObject({ sourceIn: 0, sourceOut: 36, recordIn: 3600 * 30 + 30, recordOut: 3600 * 30 + 75, clipName: 'b24.mp4' })
    expect(events[1]!.comments).toEqual(['SOURCE AT 24 FPS, RECORD AT 30 FPS: APPROXIMATE, SEE THE OTIO OR FCPXML FOR THE EXACT CUT'])
    expect(events[0]!.comments).toBeUndefined()
    expect(edl.approximate).toEqual([2])
  })
})

describe('the cut as OpenTimelineIO', () => {
  it('fits OTIO’s documented schema, each clip from its frame of its file at its own rate, as long as the cut', () => {
    const cut = cutOf(30, [{ name: 'a30.mp4', first: 15, frames: 30 }, { name: 'b24.mp4', fps: 24, first: 12, frames: 36, sound: false }, { name: 'c.mp4', frames: 30 }], 6)
    const timeline = readOtio(cutAsOtio(cut))
    expect(timeline.global_start_time).toEqual({ OTIO_SCHEMA: 'RationalTime.1', rate: 30, value: 108_000 })
    const [picture, sound] = timeline.tracks.children
    expect([picture!.kind, sound!.kind]).toEqual(['Video', 'Audio'])
    const placed = placeTrack(picture!, 30)
    expect(placed.frames).toBe(cut.timeline.frames)
    expect(placed.items).toEqual([
      { kind: 'clip', name: 'a30.mp4', url: 'a30.mp4', start: 0, frames: 24, sourceIn: 15, sourceRate: 30 },
      { kind: 'transition', name: 'Dissolve', start: 24, frames: 0, inOffset: 0, outOffset: 6 },
      { kind: 'clip', name: 'b24.mp4', url: 'b24.mp4', start: 24, frames: 39, sourceIn: 12, sourceRate: 24 },
      { kind: 'transition', name: 'Dissolve', start: 63, frames: 0, inOffset: 0, outOffset: 6 },
      { kind: 'clip', name: 'c.mp4', url: 'c.mp4', start: 63, frames: 30, sourceIn: 0, sourceRate: 30 },
    ])
    // The sound follows the cut; the silent clip is a gap, with no crossfade into or out of it.
    const heard = placeTrack(sound!, 30)
    expect(heard.frames).toBe(cut.timeline.frames)
    expect(heard.items.map(({ kind, start, frames }) => [kind, start, frames])).toEqual([
      ['clip', 0, 24],
      ['gap', 24, 39],
      ['clip', 63, 30],
    ])
  })

  it('keeps 29.97 as 30000/1001', () => {
    const timeline = readOtio(cutAsOtio(cutOf(30000 / 1001, [{ name: 'x.mp4', frames: 45 }])))
    expect(timeline.global_start_time?.rate).toBe(30000 / 1001)
    expect(placeTrack(timeline.tracks.children[0]!, 30000 / 1001).frames).toBe(45)
  })
})

describe('the cut as FCPXML', () => {
  it('writes rational times on each rate’s frames', () => {
    expect(fcpxmlTime(0, 24)).toBe('0s')
    expect(fcpxmlTime(36, 24)).toBe('3/2s')
    expect(fcpxmlTime(1, 30000 / 1001)).toBe('1001/30000s')
    expect(fcpxmlTime(108_000, 30)).toBe('3600s')
  })

  it('reads back in Apple’s terms as the cut: formats, assets, clips at their own rates, dissolves', () => {
    const cut = cutOf(30, [{ name: 'a & b.mp4', first: 15, frames: 30 }, { name: 'b24.mp4', fps: 24, first: 12, frames: 36, sound: false }], 6)
    const sequence = readFcpxml(cutAsFcpxml(cut))
    expect({ version: sequence.version, fps: sequence.fps, width: sequence.width, duration: sequence.duration, tcStart: sequence.tcStart }).toEqual({
      version: '1.9',
      fps: 30,
      width: 160,
      duration: cut.timeline.frames,
      tcStart: 108_000,
    })
    expect(sequence.spine).toEqual([
      { kind: 'clip', name: 'a & b.mp4', file: 'a & b.mp4', sourceFps: 30, sourceIn: 15, offset: 0, duration: 24, hasAudio: true },
      { kind: 'transition', name: 'Cross Dissolve', offset: 24, duration: 6 },
      { kind: 'clip', name: 'b24.mp4', file: 'b24.mp4', sourceFps: 24, sourceIn: 12, offset: 24, duration: 45, hasAudio: false },
    ])
  })
})

describe('the cut at its own start timecode', () => {
  // 10:00:00:00 at 25 fps, as a delivery's picture often starts; a dissolve into the second clip.
  const start = 10 * 3600 * 25
  const cut: Cut = { ...cutOf(25, [{ name: 'a.mp4', frames: 25 }, { name: 'b.mp4', first: 5, frames: 25 }], 5), startFrame: start }

  it('records from that timecode in the EDL, the .otio and the .fcpxml alike', () => {
    const { events } = readEdl(cutAsEdl(cut).text, 25)
    expect(events.map(({ recordIn, recordOut }) => [recordIn, recordOut])).toEqual([
      [start, start + 20],
      [start + 20, start + 20],
      [start + 20, start + 45],
    ])
    expect(cutAsEdl(cut).text).toContain(' 10:00:00:00 10:00:00:20')
    expect(readOtio(cutAsOtio(cut)).global_start_time).toEqual({ OTIO_SCHEMA: 'RationalTime.1', rate: 25, value: start })
    expect(readFcpxml(cutAsFcpxml(cut)).tcStart).toBe(start)
  })
})

describe('a dissolve of its own at each join', () => {
  // A cut into the second clip, a 6-frame dissolve into the third (as the timeline sets them).
  const cut = cutOf(24, [{ name: 'a.mp4', frames: 24 }, { name: 'b.mp4', frames: 24 }, { name: 'c.mp4', first: 5, frames: 24 }], [0, 6])

  it('lays the clips with each join’s own overlap', () => {
    expect(cut.timeline).toEqual({ starts: [0, 24, 42], frames: 66 })
    expect(layersAt(41, cut.timeline, [24, 24, 24], [0, 6])).toEqual([{ clip: 1, weight: 1 }])
    expect(layersAt(42, cut.timeline, [24, 24, 24], [0, 6]).map(({ clip }) => clip)).toEqual([1, 2])
    expect(layersAt(24, cut.timeline, [24, 24, 24], [0, 6])).toEqual([{ clip: 1, weight: 1 }])
  })

  it('lists a cut where there is one and a dissolve where there is one, in the EDL, OTIO and FCPXML', () => {
    const hour = 3600 * 24
    const { events } = readEdl(cutAsEdl(cut).text, 24)
    expect(events.map(({ event, transition, duration, recordIn, recordOut }) => ({ event, transition, duration, recordIn: recordIn - hour, recordOut: recordOut - hour }))).toEqual([
      { event: 1, transition: 'C', duration: undefined, recordIn: 0, recordOut: 24 },
      { event: 2, transition: 'C', duration: undefined, recordIn: 24, recordOut: 42 },
      { event: 3, transition: 'C', duration: undefined, recordIn: 42, recordOut: 42 },
      { event: 3, transition: 'D', duration: 6, recordIn: 42, recordOut: 66 },
    ])
    const picture = placeTrack(readOtio(cutAsOtio(cut)).tracks.children[0]!, 24)
    expect(picture.items.map(({ kind, start, frames }) => [kind, start, frames])).toEqual([
      ['clip', 0, 24],
      ['clip', 24, 18],
      ['transition', 42, 0],
      ['clip', 42, 24],
    ])
    const spine = readFcpxml(cutAsFcpxml(cut)).spine
    expect(spine.map((item) => [item.kind, item.offset, item.duration])).toEqual([
      ['clip', 0, 24],
      ['clip', 24, 18],
      ['transition', 42, 6],
      ['clip', 42, 24],
    ])
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
