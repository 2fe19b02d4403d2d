import { describe, expect, it } from 'vitest'
import { waveformPeaks } from '../../../src/media/audio/peaks'

describe('waveform peaks', () => {
  it('gives each column the lowest and highest sample of every channel in its stretch', () => {
    const left = Float32Array.from([0, 0.5, -0.25, 0, 0, 0, 0.1, 0])
    const right = Float32Array.from([0, 0, 0, -0.75, 0, 0.2, 0, 0])
    const peaks = waveformPeaks([left, right], 8, 4)
    expect(peaks.durationS).toBe(1)
    expect(peaks.max).toEqual(Float32Array.from([0.5, 0, 0.2, 0.1]))
    expect(peaks.min).toEqual(Float32Array.from([0, -0.75, 0, 0]))
  })

  it('keeps a click one sample long, wherever it falls', () => {
    const frames = 48000
    for (const at of [0, 12345, frames - 1]) {
      const click = new Float32Array(frames)
      click[at] = 1
      const peaks = waveformPeaks([click], 48000, 300)
      expect(Math.max(...peaks.max)).toBe(1)
      expect(peaks.max.indexOf(1)).toBe(Math.floor((at * 300) / frames))
    }
  })

  it('gives a sound shorter than the columns one column a sample, and silence none', () => {
    expect(waveformPeaks([Float32Array.from([0.1, -0.2])], 48000, 300).max).toHaveLength(2)
    expect(waveformPeaks([new Float32Array(0)], 48000, 300).max).toHaveLength(0)
  })
})
