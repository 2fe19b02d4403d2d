import { describe, expect, it } from 'vitest'
import { AMBIENCE_RATE, ambienceBed, ambienceShape } from '../../../src/providers/local/ambience'
import { stageReferences } from '../../../src/providers/local/cast'
import { arrivalOf } from '../../../src/providers/local/animatic'
import { cameraPath } from '../../../src/providers/local/motion'
import { subtitleAt, subtitlesFor } from '../../../src/providers/local/subtitles'

describe('the animatic camera', () => {
  it('arrives at the end of its move at the key moment and holds there', () => {
    for (const seed of [1, 2, 3]) {
      const whole = cameraPath(['dolly in'], seed)
      const keyed = cameraPath(['dolly in'], seed, 'background', 0.75)
      // The same move, reaching the same end, at three quarters of the shot instead of its last frame.
      expect(keyed(0.75)).toEqual(whole(1))
      expect(keyed(1)).toEqual(keyed(0.75))
      expect(keyed(0.6).scale).toBeLessThan(keyed(0.75).scale)
      expect(keyed(0.6).scale).toBeGreaterThan(whole(0.6).scale)
    }
  })

  it('reads the key moment as a fraction of the shot, ignoring one outside it', () => {
    expect(arrivalOf('4.5', 6)).toBe(0.75)
    expect(arrivalOf(undefined, 6)).toBe(1)
    expect(arrivalOf('7', 6)).toBe(1)
    expect(arrivalOf('soon', 6)).toBe(1)
    expect(arrivalOf('0', 6)).toBe(1)
  })

  it('holds a static shot still', () => {
    const path = cameraPath(['static'], 3)
    expect(path(0)).toEqual(path(1))
  })

  it('pushes in on a dolly in and pulls out on a dolly out', () => {
    const dollyIn = cameraPath(['dolly in'], 3)
    expect(dollyIn(1).scale / dollyIn(0).scale).toBeGreaterThan(1.25)
    const dollyOut = cameraPath(['dolly out'], 3)
    expect(dollyOut(1).scale).toBeLessThan(dollyOut(0).scale)
  })

  it('moves the picture right on a pan left (what is left comes into view), left on a pan right', () => {
    const left = cameraPath(['pan left'], 3)
    expect(left(1).shiftX - left(0).shiftX).toBeGreaterThan(0.1)
    const right = cameraPath(['pan right'], 3)
    expect(right(1).shiftX - right(0).shiftX).toBeLessThan(-0.1)
    expect(left(1).shiftY).toBe(left(0).shiftY)
  })

  it('moves the picture down on a tilt up', () => {
    const up = cameraPath(['tilt up'], 3)
    expect(up(1).shiftY - up(0).shiftY).toBeGreaterThan(0.1)
  })

  it('keeps spare picture for a pan, so the plate’s edge never shows', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const path = cameraPath(['truck left'], seed)
      for (const t of [0, 0.5, 1]) {
        const view = path(t)
        // The plate covers the frame when its half-overhang exceeds the shift.
        expect((view.scale - 1) / 2).toBeGreaterThan(Math.abs(view.shiftX))
      }
    }
  })

  it('shakes a handheld shot, differently per seed, the same for the same seed', () => {
    const a = cameraPath(['handheld'], 1)
    const b = cameraPath(['handheld'], 2)
    expect(a(0.3)).not.toEqual(a(0.6))
    expect(a(0.3)).not.toEqual(b(0.3))
    expect(cameraPath(['handheld'], 1)(0.3)).toEqual(a(0.3))
  })

  it('parallaxes two layers on an orbit: the background sweeps one way, the subject drifts less the other', () => {
    const behind = cameraPath(['orbit'], 3)
    const near = cameraPath(['orbit'], 3, 'foreground')
    const backTravel = behind(1).shiftX - behind(0).shiftX
    const nearTravel = near(1).shiftX - near(0).shiftX
    expect(backTravel).toBeLessThan(-0.1)
    expect(nearTravel).toBeGreaterThan(0)
    expect(Math.abs(nearTravel)).toBeLessThan(Math.abs(backTravel) / 2)
  })

  it('moves near layers more on moves through space, and both alike on a pan or a zoom', () => {
    const travel = (move: Parameters<typeof cameraPath>[0][number], layer: 'background' | 'foreground') => {
      const path = cameraPath([move], 3, layer)
      return { x: path(1).shiftX - path(0).shiftX, scale: path(1).scale / path(0).scale }
    }
    expect(travel('truck left', 'foreground').x).toBeGreaterThan(travel('truck left', 'background').x * 1.5)
    expect(travel('dolly in', 'foreground').scale).toBeGreaterThan(travel('dolly in', 'background').scale * 1.15)
    expect(travel('pan left', 'foreground')).toEqual(travel('pan left', 'background'))
    expect(travel('zoom in', 'foreground')).toEqual(travel('zoom in', 'background'))
  })

  it('varies framing and timing between takes', () => {
    expect(cameraPath(['dolly in'], 1)(0.5)).not.toEqual(cameraPath(['dolly in'], 2)(0.5))
  })
})

describe('animatic staging', () => {
  const image = new Blob()
  const mara = { image, name: 'mara-front.png', role: 'character' }
  const harbour = { image, name: 'harbour.png', role: 'location' }
  const board = { image, name: 'board.png', role: 'style' }
  const plain = { image, name: 'plate.png' }

  it('puts characters in front and the location behind them', () => {
    expect(stageReferences([mara, board, harbour])).toEqual({ background: [harbour], foreground: [mara] })
  })

  it('stands a style frame or an image with no role behind when there is no location', () => {
    expect(stageReferences([plain, mara, board])).toEqual({ background: [plain, board], foreground: [mara] })
    expect(stageReferences([plain])).toEqual({ background: [plain], foreground: [] })
    expect(stageReferences([mara])).toEqual({ background: [], foreground: [mara] })
  })
})

describe('animatic subtitles', () => {
  it('paces lines over the shot by their words', () => {
    const subtitles = subtitlesFor('Where were you?\n\nOut. Walking the whole night through.', 4)
    expect(subtitles.map((s) => s.text)).toEqual(['Where were you?', 'Out. Walking the whole night through.'])
    // 3 words and 6 words: a third of the shot and two thirds.
    expect(subtitles[0]?.startS).toBe(0)
    expect(subtitles[0]?.endS).toBeCloseTo(4 / 3)
    expect(subtitles[1]?.startS).toBe(subtitles[0]?.endS)
    expect(subtitles[1]?.endS).toBeCloseTo(4)
    expect(subtitleAt(subtitles, 0.5)?.text).toBe('Where were you?')
    expect(subtitleAt(subtitles, 3.9)?.text).toMatch(/^Out/)
    expect(subtitleAt(subtitles, 4)).toBeUndefined()
  })

  it('has none without dialogue', () => {
    expect(subtitlesFor(' \n', 4)).toEqual([])
  })
})

describe('animatic ambience', () => {
  function rms(samples: Float32Array): number {
    return Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length)
  }

  it('is the shot’s length, soft, fades in and out, and the same for the same seed', () => {
    const [left, right] = ambienceBed('lonely and tense', 2, 7)
    expect(left.length).toBe(2 * AMBIENCE_RATE)
    expect(right.length).toBe(left.length)
    expect(left[0]).toBe(0)
    expect(left[left.length - 1]).toBe(0)
    const level = rms(left)
    expect(level).toBeGreaterThan(0.005)
    expect(level).toBeLessThan(0.1)
    expect(ambienceBed('lonely and tense', 2, 7)[0]).toEqual(left)
    expect(ambienceBed('lonely and tense', 2, 8)[0]).not.toEqual(left)
  })

  it('is darker for a tense mood than for a bright one', () => {
    expect(ambienceShape('Tense, ominous').cutoffHz).toBeLessThan(ambienceShape('bright and playful').cutoffHz)
    // Darker noise changes less from one sample to the next.
    const roughness = (samples: Float32Array) => rms(samples.subarray(1).map((v, i) => v - (samples[i] as number))) / rms(samples)
    expect(roughness(ambienceBed('tense', 1, 1)[0])).toBeLessThan(roughness(ambienceBed('bright', 1, 1)[0]))
  })
})
