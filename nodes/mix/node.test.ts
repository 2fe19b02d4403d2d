import { describe, expect, it } from 'vitest'
import { dbToGain } from '../../src/media/audio/gain'
import { duckSettingsSchema, planMix, trackSettingsSchema, type TrackSettings } from './mix-plan'
import { measureLoudness } from '../../src/media/audio/loudness'
import mix from './node'
import { MAX_LIMITING_DB, MAX_TRUE_PEAK_DBTP, normaliseMix } from './normalise'
import { dialogueSidechain, placeOnTimeline, sumChannels, trackGains } from './timeline'

const RATE = 48000
const noDuck = duckSettingsSchema.parse({ amountDb: 0 })
const duck = duckSettingsSchema.parse({})
const track = (settings: Partial<TrackSettings>): TrackSettings => trackSettingsSchema.parse(settings)
const source = (frames: number, name = 'take.wav') => ({ name, frames })
const ramp = (length: number) => Float32Array.from({ length }, (_, index) => index + 1)

describe('mix params', () => {
  it('reads an empty params object as the defaults: −14 LUFS, ducking on, no track entries', () => {
    expect(mix.params.parse({})).toEqual({
      tracks: [],
      duck: { amountDb: 9, thresholdDb: -40, attackMs: 40, releaseMs: 350 },
      targetLufs: -14,
    })
  })

  it('takes null to leave the level alone, and refuses an unknown role', () => {
    expect(mix.params.parse({ targetLufs: null }).targetLufs).toBeNull()
    expect(mix.params.safeParse({ tracks: [{ role: 'music' }] }).success).toBe(false)
  })
})

describe('mix plan', () => {
  it('places each track at its offset with its trims, in samples', () => {
    const plan = planMix([source(RATE * 3)], [track({ offsetS: 0.5, trimStartS: 0.25, trimEndS: 1, gainDb: -6 })], noDuck, RATE)
    expect(plan.tracks[0]).toMatchObject({
      startFrame: 24000,
      sourceStartFrame: 12000,
      sourceFrames: 3 * RATE - 12000 - RATE,
      endFrame: 24000 + 2 * RATE - 12000,
      audible: true,
      ducked: false,
    })
    expect(plan.tracks[0]!.gain).toBeCloseTo(dbToGain(-6), 12)
    expect(plan.frames).toBe(24000 + 2 * RATE - 12000)
  })

  it('runs to the end of the last track that does not loop, and loops fill up to there', () => {
    const plan = planMix(
      [source(RATE * 10), source(RATE * 2)],
      [track({ role: 'dialogue' }), track({ role: 'ambience', loop: true, offsetS: 1 })],
      noDuck,
      RATE,
    )
    expect(plan.frames).toBe(RATE * 10)
    expect(plan.tracks[1]).toMatchObject({ startFrame: RATE, endFrame: RATE * 10 })
  })

  it('is one pass of the longest when every track loops', () => {
    expect(planMix([source(100), source(300)], [track({ loop: true }), track({ loop: true, offsetS: 1 / RATE })], noDuck, RATE).frames).toBe(301)
  })

  it('keeps its length when a track is muted, so it stays cut to picture', () => {
    const sources = [source(RATE), source(RATE * 4)]
    const heard = planMix(sources, [track({}), track({})], noDuck, RATE)
    const muted = planMix(sources, [track({}), track({ mute: true })], noDuck, RATE)
    expect(muted.frames).toBe(heard.frames)
    expect(muted.tracks.map((t) => t.audible)).toEqual([true, false])
  })

  it('plays only the soloed tracks when any is soloed, and a muted solo stays muted', () => {
    const plan = planMix(
      [source(10), source(10), source(10)],
      [track({ solo: true }), track({}), track({ solo: true, mute: true })],
      noDuck,
      RATE,
    )
    expect(plan.tracks.map((t) => t.audible)).toEqual([true, false, false])
  })

  it('ducks score and ambience, not foley or the original sound, under dialogue that is heard', () => {
    const roles = ['dialogue', 'score', 'ambience', 'foley', 'original'] as const
    const sources = roles.map(() => source(RATE))
    const plan = planMix(sources, roles.map((role) => track({ role })), duck, RATE)
    expect(plan.tracks.map((t) => t.ducked)).toEqual([false, true, true, false, false])
    const dialogueMuted = planMix(sources, roles.map((role) => track({ role, mute: role === 'dialogue' })), duck, RATE)
    expect(dialogueMuted.tracks.some((t) => t.ducked)).toBe(false)
    expect(dialogueMuted.notes).toContain('no dialogue is heard, so nothing is ducked')
    expect(planMix(sources, roles.map((role) => track({ role })), noDuck, RATE).tracks.some((t) => t.ducked)).toBe(false)
  })

  it('gives a track without an entry the defaults and says so', () => {
    const plan = planMix([source(10, 'voice.wav'), source(10), source(10)], [track({ role: 'dialogue', gainDb: -3 })], noDuck, RATE)
    expect(plan.tracks.map((t) => t.role)).toEqual(['dialogue', 'original', 'original'])
    expect(plan.tracks[2]!.gain).toBe(1)
    expect(plan.notes).toEqual(['tracks 2–3 have no entry in "tracks" and play with the defaults (role original, 0 dB, from the start)'])
  })

  it('ignores extra entries and says so', () => {
    const plan = planMix([source(10)], [track({}), track({ role: 'score' })], noDuck, RATE)
    expect(plan.tracks).toHaveLength(1)
    expect(plan.notes).toEqual(['"tracks" has 2 entries for 1 linked track; the extra ones are ignored'])
  })

  it('keeps a track trimmed to nothing silent and says which', () => {
    const plan = planMix([source(RATE, 'sting.wav'), source(RATE)], [track({ trimStartS: 0.6, trimEndS: 0.6 }), track({})], noDuck, RATE)
    expect(plan.tracks[0]).toMatchObject({ sourceFrames: 0, audible: false })
    expect(plan.notes).toEqual(['track 1 (sting.wav) is trimmed to nothing and stays silent'])
  })
})

describe('mix timeline', () => {
  const planned = (frames: number, settings: Partial<TrackSettings>) => planMix([source(frames)], [track(settings)], noDuck, RATE).tracks[0]!

  it('puts the first kept sample exactly at the offset', () => {
    const t = planned(10, { offsetS: 3 / RATE, trimStartS: 2 / RATE, trimEndS: 1 / RATE })
    const [placed] = placeOnTimeline([ramp(10)], t, 12)
    expect([...placed!]).toEqual([0, 0, 0, 3, 4, 5, 6, 7, 8, 9, 0, 0])
  })

  it('repeats a looping track from its trimmed start to the end of the mix', () => {
    const t = { ...planned(5, { loop: true, offsetS: 1 / RATE, trimStartS: 1 / RATE, trimEndS: 1 / RATE }), endFrame: 9 }
    const [placed] = placeOnTimeline([ramp(5)], t, 10)
    expect([...placed!]).toEqual([0, 2, 3, 4, 2, 3, 4, 2, 3, 0])
  })

  it('fades in from exactly 0 at the start and out to the sample after the end, as afade does', () => {
    const t = planned(8, { offsetS: 2 / RATE, fadeInS: 4 / RATE, fadeOutS: 2 / RATE, gainDb: -6.020599913279624 })
    const gains = trackGains(t, 12)
    expect([...gains].map((g) => Math.round(g * 1000) / 1000)).toEqual([0, 0, 0, 0.125, 0.25, 0.375, 0.5, 0.5, 0.5, 0.25, 0, 0])
  })

  it('gives a muted track no gain at all', () => {
    expect(trackGains(planned(4, { mute: true }), 4).every((g) => g === 0)).toBe(true)
  })

  it('multiplies the ducking envelope in while the track plays', () => {
    const duckGains = new Float32Array([1, 0.5, 0.25, 0.25])
    expect([...trackGains(planned(4, {}), 4, duckGains)]).toEqual([1, 0.5, 0.25, 0.25])
  })

  it('listens to the dialogue as heard: after its gains, folded to mono', () => {
    const sidechain = dialogueSidechain(
      [{ channels: [new Float32Array([1, 1]), new Float32Array([0, 1])], gains: new Float32Array([0.5, 2]) }],
      2,
    )
    expect([...sidechain]).toEqual([0.25, 2])
  })

  it('sums renders channel by channel', () => {
    const a = [new Float32Array([1, 2]), new Float32Array([3, 4])]
    const b = [new Float32Array([10, 20]), new Float32Array([30, 40])]
    expect(sumChannels([a, b], 2, 2).map((channel) => [...channel])).toEqual([
      [11, 22],
      [33, 44],
    ])
  })
})

describe('mix loudness', () => {
  /** Two seconds of a stereo tone at `amplitude`. */
  const tone = (amplitude: number, frequency = 997) =>
    [0, 1].map(() => Float32Array.from({ length: 2 * RATE }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / RATE)))

  it('brings the mix to the target and its stems by the same gain, so they still add up', () => {
    const stem = tone(0.05)
    const mixed = stem.map((channel) => Float32Array.from(channel))
    const level = normaliseMix(mixed, [stem], RATE, -23)
    expect(measureLoudness(mixed, RATE).integratedLufs).toBeCloseTo(-23, 2)
    expect(level.loudnessLufs).toBeCloseTo(-23, 6)
    expect([...stem[0]!.subarray(0, 100)]).toEqual([...mixed[0]!.subarray(0, 100)])
    expect(level.notes).toHaveLength(1)
  })

  /** 50 ms clicks of tone twice a second: peaks far above their loudness, as a door slam has. */
  const clicks = (amplitude: number) => tone(amplitude).map((channel) => channel.map((sample, i) => (i % (RATE / 2) < RATE / 20 ? sample : 0)))

  it('reaches a target gain alone cannot with a true-peak limiter, under −1 dBTP, the stems limited alike', () => {
    // Speech-like: a steady tone with a loud click every half second, which stops plain gain at −1 dBTP.
    const mixed = tone(0.05).map((channel) => channel.map((sample, i) => (i % (RATE / 2) < RATE / 100 ? sample * 12 : sample)))
    const stem = mixed.map((channel) => Float32Array.from(channel))
    const level = normaliseMix(mixed, [stem], RATE, -14)
    const after = measureLoudness(mixed, RATE)
    expect(Math.abs(after.integratedLufs + 14)).toBeLessThan(0.1)
    expect(after.truePeakDbtp).toBeLessThanOrEqual(MAX_TRUE_PEAK_DBTP + 1e-3)
    expect(level).toMatchObject({ warnings: [] })
    expect(level.loudnessLufs).toBeCloseTo(after.integratedLufs, 3)
    expect(level.limitedDb).toBeGreaterThan(3)
    expect(level.notes[0]).toMatch(/a true-peak limiter \(at most \d+\.\d dB off the peaks\) bring it to -14\.\d LUFS/)
    expect([...stem[0]!]).toEqual([...mixed[0]!])
  })

  it('warns, with the figure reached, when the target would take more limiting than it allows', () => {
    const mixed = clicks(0.05)
    const level = normaliseMix(mixed, [], RATE, -6)
    const after = measureLoudness(mixed, RATE)
    expect(after.truePeakDbtp).toBeLessThanOrEqual(MAX_TRUE_PEAK_DBTP + 1e-3)
    expect(after.integratedLufs).toBeLessThan(-6.5)
    expect(level.limitedDb).toBeCloseTo(MAX_LIMITING_DB, 0)
    expect(level.warnings).toEqual([
      `the mix reaches ${after.integratedLufs.toFixed(1)} LUFS, short of the -6 LUFS target: getting there under the -1 dBTP ceiling would take more than 12 dB of limiting; tame the loudest peaks or lower the target`,
    ])
  })

  it('only measures when the target is null, and leaves silence alone', () => {
    const mixed = tone(0.05)
    const before = Float32Array.from(mixed[0]!)
    expect(normaliseMix(mixed, [], RATE, null).notes[0]).toMatch(/^the mix measures -2\d\.\d LUFS/)
    expect([...mixed[0]!]).toEqual([...before])
    const silence = [new Float32Array(RATE), new Float32Array(RATE)]
    expect(normaliseMix(silence, [], RATE, -14)).toEqual({ notes: [expect.stringMatching(/too quiet to measure/)], warnings: [] })
  })
})
