import { describe, expect, it } from 'vitest'
import { downmixFiveOne } from '../../../src/media/audio/downmix'
import { limiterGains } from '../../../src/media/audio/limiter'
import { measureLoudness } from '../../../src/media/audio/loudness'

const RATE = 48_000

describe('5.1 to stereo', () => {
  it('folds by ITU-R BS.775 (L + 0.7071 C + 0.7071 Ls), scaled so each side’s gains sum to 1, the LFE left out', () => {
    const channel = (value: number) => new Float32Array(4).fill(value)
    const [left, right] = downmixFiveOne([channel(1), channel(0.5), channel(0.2), channel(0.9), channel(0.4), channel(0)])
    const scale = 1 / (1 + 2 * Math.SQRT1_2)
    expect(left![0]).toBeCloseTo(scale * (1 + Math.SQRT1_2 * 0.2 + Math.SQRT1_2 * 0.4), 6)
    expect(right![0]).toBeCloseTo(scale * (0.5 + Math.SQRT1_2 * 0.2), 6)
    // The same full-scale sound in every channel stays at full scale, never over it.
    const [loudLeft] = downmixFiveOne(Array.from({ length: 6 }, () => channel(1)))
    expect(loudLeft![0]).toBeCloseTo(1, 6)
  })

  it('leaves mono and stereo as they are', () => {
    const stereo = [new Float32Array([0.1]), new Float32Array([0.2])]
    expect(downmixFiveOne(stereo)).toBe(stereo)
  })
})

describe('the true-peak limiter', () => {
  it('holds the 4× oversampled peak under the ceiling, with the gain down before the peak and 1 away from it', () => {
    // A tone at −20 dBFS with a burst near full scale at 1 s.
    const channel = Float32Array.from({ length: 2 * RATE }, (_, i) => Math.sin((2 * Math.PI * 997 * i) / RATE) * (i >= RATE && i < RATE + 480 ? 0.95 : 0.1))
    const gains = limiterGains([channel], { sampleRate: RATE, ceilingDbtp: -6 })
    const limited = channel.map((sample, i) => sample * gains[i]!)
    expect(measureLoudness([limited], RATE).truePeakDbtp).toBeLessThanOrEqual(-6 + 0.05)
    expect(gains[RATE - 1000]).toBe(1)
    expect(gains[RATE - 10]!).toBeLessThan(0.6)
    expect(gains[RATE + 480 + RATE / 2]).toBeCloseTo(1, 2)
  })
})
