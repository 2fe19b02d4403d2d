import { describe, expect, it } from 'vitest'
import { fitToClip } from './fit'
import replaceAudio from './node'

const RATE = 48000
const ramp = (length: number) => Float32Array.from({ length }, (_, index) => index + 1)

describe('replace-audio node', () => {
  it('replaces by default, with the original 12 dB under when mixing', () => {
    expect(replaceAudio.params.parse({})).toEqual({ mode: 'replace', originalGainDb: -12 })
    expect(replaceAudio.params.safeParse({ mode: 'overdub' }).success).toBe(false)
    expect(replaceAudio.params.safeParse({ originalGainDb: 20 }).success).toBe(false)
  })

  it('takes a clip and a sound and gives a clip', () => {
    expect(Object.keys(replaceAudio.inputs)).toEqual(['video', 'audio'])
    expect(replaceAudio.outputs).toEqual({ video: { type: 'video' } })
  })
})

describe('fitting the sound to the clip', () => {
  it('cuts a longer sound at the clip’s end and says by how much', () => {
    const fitted = fitToClip([ramp(RATE * 3), ramp(RATE * 3)], RATE * 2, RATE)
    expect(fitted.channels.map((channel) => channel.length)).toEqual([RATE * 2, RATE * 2])
    expect(fitted.channels[1]![RATE * 2 - 1]).toBe(RATE * 2)
    expect(fitted.note).toBe('the sound is 3.00 s: cut to the clip’s 2.00 s')
  })

  it('pads a shorter sound with silence', () => {
    const fitted = fitToClip([ramp(RATE)], RATE + RATE / 2, RATE)
    expect(fitted.channels[0]![RATE - 1]).toBe(RATE)
    expect(fitted.channels[0]!.subarray(RATE).every((sample) => sample === 0)).toBe(true)
    expect(fitted.note).toBe('the sound is 1.00 s: 0.50 s of silence added to fill the clip’s 1.50 s')
  })

  it('says nothing when the lengths already match', () => {
    expect(fitToClip([ramp(100)], 100, RATE).note).toBeUndefined()
  })
})
