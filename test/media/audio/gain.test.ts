import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  applyFades,
  dbToGain,
  duckingEnvelope,
  fadeCurve,
  fadeGain,
  gainToDb,
  rmsDb,
  type DuckingSettings,
  type FadeCurve,
} from '../../../src/media/audio/gain'
import { decodeWav } from '../../../src/media/audio/wav'
import { makeWav, scratchDirectory, speak, UNHURRIED } from './ffmpeg-reference'

const scratch = scratchDirectory()
afterAll(() => scratch.remove())

const SAMPLE_RATE = 48000

/** A mono float WAV that ffmpeg makes from a lavfi source, decoded by our decoder. */
function ffmpegSignal(name: string, source: string, filters: readonly string[] = []): Float32Array {
  const path = makeWav(scratch.path(`${name}.wav`), {
    inputs: ['-f', 'lavfi', '-i', source],
    options: filters,
    codec: 'pcm_f32le',
  })
  const [channel] = decodeWav(readFileSync(path)).channels
  if (!channel) throw new Error(`${name}: no audio`)
  return channel
}

const at = (seconds: number) => Math.round(seconds * SAMPLE_RATE)

describe('levels', UNHURRIED, () => {
  it('converts dB to gain and back', () => {
    expect(dbToGain(-6.0206)).toBeCloseTo(0.5, 4)
    expect(dbToGain(0)).toBe(1)
    expect(gainToDb(dbToGain(-17.3))).toBeCloseTo(-17.3, 10)
    expect(gainToDb(0)).toBe(-Infinity)
  })

  it('measures the RMS level ffmpeg astats measures', () => {
    const path = makeWav(scratch.path('rms-noise.wav'), {
      inputs: ['-f', 'lavfi', '-i', `anoisesrc=color=pink:sample_rate=${SAMPLE_RATE}:amplitude=0.3:duration=2:seed=3`],
      codec: 'pcm_f32le',
    })
    const result = spawnSync('ffmpeg', [
      '-hide_banner', '-nostats', '-i', path,
      '-af', 'astats=measure_perchannel=none:measure_overall=RMS_level', '-f', 'null', '-',
    ])
    const reported = /RMS level dB: (\S+)/.exec(result.stderr.toString())?.[1]
    expect(reported, result.stderr.toString()).toBeDefined()
    expect(rmsDb(decodeWav(readFileSync(path)).channels[0]!)).toBeCloseTo(Number(reported), 3)
  })

  it('reads a full-scale sine at −3.01 dBFS RMS, and silence at −Infinity', () => {
    const sine = Float32Array.from({ length: SAMPLE_RATE }, (_, index) =>
      Math.sin((2 * Math.PI * 1000 * index) / SAMPLE_RATE),
    )
    expect(rmsDb(sine)).toBeCloseTo(-3.0103, 3)
    expect(rmsDb(new Float32Array(100))).toBe(-Infinity)
    expect(() => rmsDb(sine, 10, 10)).toThrow(RangeError)
  })
})

describe('fades', UNHURRIED, () => {
  it('keeps the summed power of an equal-power crossfade constant', () => {
    for (let progress = 0; progress <= 1; progress += 0.05) {
      const fadingIn = fadeGain(progress, { direction: 'in', curve: 'equal-power' })
      const fadingOut = fadeGain(progress, { direction: 'out', curve: 'equal-power' })
      expect(fadingIn ** 2 + fadingOut ** 2).toBeCloseTo(1, 12)
    }
  })

  it('starts a fade-in at silence and a fade-out at full level', () => {
    const fadeIn = fadeCurve(4, { direction: 'in', curve: 'linear' })
    const fadeOut = fadeCurve(4, { direction: 'out', curve: 'linear' })
    expect(Array.from(fadeIn)).toEqual([0, 0.25, 0.5, 0.75])
    expect(Array.from(fadeOut)).toEqual([1, 0.75, 0.5, 0.25])
  })

  // ffmpeg's `tri` is a straight line and `qsin` a quarter sine: our linear and equal-power curves.
  it.for<{ curve: FadeCurve; ffmpegCurve: string }>([
    { curve: 'linear', ffmpegCurve: 'tri' },
    { curve: 'equal-power', ffmpegCurve: 'qsin' },
  ])('$curve fades match ffmpeg afade curve=$ffmpegCurve sample for sample', ({ curve, ffmpegCurve }) => {
    const source = `aevalsrc=0.5+0.4*sin(2*PI*330*t):s=${SAMPLE_RATE}:d=1`
    const original = ffmpegSignal(`fade-source-${curve}`, source)
    const reference = ffmpegSignal(`fade-${curve}`, source, [
      '-af', `afade=t=in:st=0:d=0.25:curve=${ffmpegCurve},afade=t=out:st=0.9:d=0.1:curve=${ffmpegCurve}`,
    ])
    const faded = applyFades(original, SAMPLE_RATE, { fadeInS: 0.25, fadeOutS: 0.1, curve })
    let largestDifference = 0
    faded.forEach((sample, index) => {
      largestDifference = Math.max(largestDifference, Math.abs(sample - reference[index]!))
    })
    expect(largestDifference).toBeLessThan(1e-6)
  })

  it('lands a fade on the sample its duration says, and leaves the rest untouched', () => {
    const ones = new Float32Array(1000).fill(1)
    const faded = applyFades(ones, 1000, { fadeInS: 0.1, fadeOutS: 0.2, curve: 'linear' })
    const samples = [faded[0], faded[99], faded[100], faded[799], faded[800], faded[999]]
    expect(samples).toEqual([0, 0.99, 1, 1, 1, 0.005].map(Math.fround))
    expect(Array.from(ones).every((value) => value === 1)).toBe(true)
  })
})

describe('duckingEnvelope', UNHURRIED, () => {
  const settings: DuckingSettings = { thresholdDb: -30, amountDb: 12, attackMs: 50, releaseMs: 400, holdMs: 100 }
  let score: Float32Array
  let dialogue: Float32Array
  let envelope: Float32Array
  let ducked: Float32Array
  beforeAll(() => {
    // The score plays throughout; the dialogue bursts from 2 s to 4 s at about −14 dBFS RMS.
    score = ffmpegSignal('duck-score', `aevalsrc=0.3*sin(2*PI*220*t):s=${SAMPLE_RATE}:d=8`)
    dialogue = ffmpegSignal('duck-dialogue', `aevalsrc=0.3*sin(2*PI*1000*t)*between(t\\,2\\,4):s=${SAMPLE_RATE}:d=8`)
    envelope = duckingEnvelope(dialogue, SAMPLE_RATE, settings)
    ducked = score.map((sample, index) => sample * envelope[index]!)
  }, UNHURRIED.timeout)
  const reductionDb = (fromS: number, toS: number) => rmsDb(ducked, at(fromS), at(toS)) - rmsDb(score, at(fromS), at(toS))

  it('leaves the score alone before the dialogue', () => {
    expect(Math.abs(reductionDb(0.5, 1.99))).toBeLessThan(0.01)
  })

  it('lowers the score by the asked amount (±1 dB) while the dialogue plays', () => {
    expect(Math.abs(reductionDb(2 + 0.1, 4) + settings.amountDb)).toBeLessThanOrEqual(1)
  })

  it('goes down over the attack time and comes back up over the release time', () => {
    const envelopeDb = (seconds: number) => gainToDb(envelope[at(seconds)]!)
    // Half-way through the attack, half-way down.
    expect(Math.abs(envelopeDb(2 + 0.025) + settings.amountDb / 2)).toBeLessThanOrEqual(1)
    // The detector lets go 20 ms after the burst, then the hold; half-way through the release, half-way up.
    const releaseStartS = 4 + 0.02 + settings.holdMs! / 1000
    expect(Math.abs(envelopeDb(releaseStartS - 0.01) + settings.amountDb)).toBeLessThanOrEqual(1)
    expect(Math.abs(envelopeDb(releaseStartS + 0.2) + settings.amountDb / 2)).toBeLessThanOrEqual(1)
  })

  it('has the score back at full level once the release is over', () => {
    expect(Math.abs(reductionDb(4 + 0.02 + 0.1 + 0.4 + 0.01, 8))).toBeLessThan(0.01)
  })

  it('moves at once when attack and release are 0 ms', () => {
    const immediate = duckingEnvelope(dialogue, SAMPLE_RATE, { ...settings, attackMs: 0, releaseMs: 0, holdMs: 0 })
    expect(gainToDb(immediate[at(2.001)]!)).toBeCloseTo(-settings.amountDb, 6)
    expect(immediate[at(4.03)]).toBe(1)
  })

  it('refuses a negative amount', () => {
    expect(() => duckingEnvelope(dialogue, SAMPLE_RATE, { ...settings, amountDb: -6 })).toThrow(/positive/)
  })

  it('ducks under speech from espeak-ng and recovers after it', (context) => {
    const text = 'Keep the engine running. I will be back before the tide turns.'
    const voicePath = speak(context, text, scratch.path('duck-voice.wav'))
    // One second of silence before the voice and two after it, at the mix's rate.
    const speechPath = makeWav(scratch.path('duck-speech.wav'), {
      inputs: ['-i', voicePath],
      options: ['-af', `aresample=${SAMPLE_RATE},adelay=1000,apad=pad_dur=2`],
      codec: 'pcm_f32le',
    })
    const [speech] = decodeWav(readFileSync(speechPath)).channels
    if (!speech) throw new Error('espeak-ng made no audio')
    const speechEnvelope = duckingEnvelope(speech, SAMPLE_RATE, { ...settings, thresholdDb: -40, amountDb: 10 })
    const speechEnd = speech.findLastIndex((sample) => Math.abs(sample) > 0.01)
    const fullyDucked = speechEnvelope.subarray(at(1.1), speechEnd).filter((gain) => Math.abs(gainToDb(gain) + 10) <= 1)
    expect(speechEnvelope.subarray(0, at(0.99)).every((gain) => gain === 1)).toBe(true)
    // Words and the short gaps between them, bridged by the hold, keep the score down most of the time.
    expect(fullyDucked.length / (speechEnd - at(1.1))).toBeGreaterThan(0.8)
    expect(speechEnvelope.subarray(speechEnd + at(0.02 + 0.1 + 0.4 + 0.01)).every((gain) => gain === 1)).toBe(true)
  })
})
