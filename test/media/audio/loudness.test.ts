import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it, type TestContext } from 'vitest'
import { dbToGain } from '../../../src/media/audio/gain'
import {
  kWeightingFilters,
  loudnessOverTime,
  measureLoudness,
  normalizationGain,
} from '../../../src/media/audio/loudness'
import { decodeWav, encodeWav } from '../../../src/media/audio/wav'
import { ffmpegLoudness, makeWav, scratchDirectory, speak, UNHURRIED, type WavRecipe } from './ffmpeg-reference'

const INTEGRATED_TOLERANCE_LU = 0.1
const TRUE_PEAK_TOLERANCE_DB = 0.3

const scratch = scratchDirectory()
afterAll(() => scratch.remove())

const lavfi = (source: string) => ['-f', 'lavfi', '-i', source]

/** One lavfi source per channel, joined into `layout`, so that the channels differ. */
function joined(sources: readonly string[], layout: string): Pick<WavRecipe, 'inputs' | 'options'> {
  return {
    inputs: sources.flatMap(lavfi),
    options: ['-filter_complex', `join=inputs=${sources.length}:channel_layout=${layout}`],
  }
}

/**
 * fs/4 at a 45° phase puts every sample at ±A/√2 while the wave peaks at A between them: a true peak
 * 3 dB over the sample peak. Faded in and out so that no onset transient adds overshoot.
 */
const interSamplePeakSine: WavRecipe = {
  inputs: lavfi('aevalsrc=0.5*sin(2*PI*12000*t+PI/4)|0.25*sin(2*PI*12000*t+PI/4):s=48000:d=5'),
  options: ['-af', 'afade=t=in:d=0.5,afade=t=out:st=4.5:d=0.5'],
  codec: 'pcm_f32le',
}

interface Signal {
  name: string
  recipe: WavRecipe
}

/**
 * Tones, noise, a gated programme and inter-sample peaks, at 44.1 and 48 kHz, mono, stereo and 5.1,
 * as 16-bit, 24-bit and float WAV.
 */
const signals: Signal[] = [
  {
    name: '997 Hz sine, mono 48 kHz, 16-bit',
    recipe: { inputs: lavfi('aevalsrc=0.25*sin(2*PI*997*t):s=48000:d=6'), codec: 'pcm_s16le' },
  },
  {
    name: '1 kHz and 250 Hz sines at different levels, stereo 44.1 kHz, float',
    recipe: {
      ...joined(['aevalsrc=0.5*sin(2*PI*1000*t):s=44100:d=6', 'aevalsrc=0.1*sin(2*PI*250*t):s=44100:d=6'], 'stereo'),
      codec: 'pcm_f32le',
    },
  },
  {
    name: 'pink noise, mono 48 kHz, 16-bit',
    recipe: {
      inputs: lavfi('anoisesrc=color=pink:sample_rate=48000:amplitude=0.4:duration=10:seed=11'),
      codec: 'pcm_s16le',
    },
  },
  {
    name: 'pink noise, stereo 44.1 kHz, 24-bit',
    recipe: {
      ...joined(
        [
          'anoisesrc=color=pink:sample_rate=44100:amplitude=0.5:duration=10:seed=21',
          'anoisesrc=color=pink:sample_rate=44100:amplitude=0.2:duration=10:seed=22',
        ],
        'stereo',
      ),
      codec: 'pcm_s24le',
    },
  },
  {
    name: 'pink noise, stereo 48 kHz, float',
    recipe: {
      ...joined(
        [
          'anoisesrc=color=pink:sample_rate=48000:amplitude=0.3:duration=10:seed=31',
          'anoisesrc=color=pink:sample_rate=48000:amplitude=0.3:duration=10:seed=32',
        ],
        'stereo',
      ),
      codec: 'pcm_f32le',
    },
  },
  {
    // Loud seconds, seconds 34 dB down (cut by the relative gate) and a stretch near silence (cut by
    // the absolute gate): an ungated mean would read about 3 LU lower.
    name: 'gated programme: loud, quiet and near-silent stretches, mono 48 kHz, 24-bit',
    recipe: {
      inputs: lavfi(
        'aevalsrc=sin(2*PI*1000*t)*' +
          '(0.5*lt(mod(t\\,3)\\,1)+0.01*between(mod(t\\,3)\\,1\\,2)+0.0001*gt(mod(t\\,3)\\,2)):s=48000:d=12',
      ),
      codec: 'pcm_s24le',
    },
  },
  { name: 'inter-sample peaks: 12 kHz sine at 45°, stereo 48 kHz, float', recipe: interSamplePeakSine },
  {
    name: 'inter-sample peaks: 11.025 kHz sine at 45°, mono 44.1 kHz, float',
    recipe: {
      inputs: lavfi('aevalsrc=0.7*sin(2*PI*11025*t+PI/4):s=44100:d=5'),
      options: ['-af', 'afade=t=in:d=0.5,afade=t=out:st=4.5:d=0.5'],
      codec: 'pcm_f32le',
    },
  },
  {
    // L R C LFE Ls Rs: the surrounds weigh 1.41 and the LFE nothing (BS.1770-4 Table 3).
    name: 'pink noise, 5.1 48 kHz, float',
    recipe: {
      ...joined(
        [0.3, 0.3, 0.2, 0.8, 0.25, 0.1].map(
          (amplitude, index) =>
            `anoisesrc=color=pink:sample_rate=48000:amplitude=${amplitude}:duration=8:seed=${40 + index}`,
        ),
        '5.1',
      ),
      codec: 'pcm_f32le',
    },
  },
]

function measureFile(path: string) {
  const { channels, sampleRate } = decodeWav(readFileSync(path))
  return measureLoudness(channels, sampleRate)
}

async function expectAgreementWithFfmpeg(path: string, context: TestContext): Promise<void> {
  const ours = measureFile(path)
  const { summary, precise } = ffmpegLoudness(path, scratch)
  await context.annotate(
    `I ${ours.integratedLufs.toFixed(3)} vs ffmpeg ${precise.integratedLufs.toFixed(3)} LUFS; ` +
      `TP ${ours.truePeakDbtp.toFixed(3)} vs ${precise.truePeakDbtp.toFixed(3)} dBTP`,
  )
  expect(Math.abs(ours.integratedLufs - summary.integratedLufs)).toBeLessThanOrEqual(INTEGRATED_TOLERANCE_LU)
  expect(Math.abs(ours.integratedLufs - precise.integratedLufs)).toBeLessThanOrEqual(INTEGRATED_TOLERANCE_LU)
  expect(Math.abs(ours.truePeakDbtp - summary.truePeakDbtp)).toBeLessThanOrEqual(TRUE_PEAK_TOLERANCE_DB)
  expect(Math.abs(ours.truePeakDbtp - precise.truePeakDbtp)).toBeLessThanOrEqual(TRUE_PEAK_TOLERANCE_DB)
  // ffmpeg's metadata gives the sample peak as a linear value to three decimals.
  expect(Math.abs(dbToGain(ours.samplePeakDbfs) - precise.samplePeak)).toBeLessThanOrEqual(0.0005)
}

describe('measureLoudness against ffmpeg ebur128', UNHURRIED, () => {
  it.for(signals)('$name', async ({ name, recipe }, context) => {
    await expectAgreementWithFfmpeg(makeWav(scratch.path(`${name.replace(/\W+/g, '-')}.wav`), recipe), context)
  })

  it('reads the inter-sample peak 3 dB over the sample peak', () => {
    const measured = measureFile(makeWav(scratch.path('inter-sample-check.wav'), interSamplePeakSine))
    expect(measured.samplePeakDbfs).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 2)
    expect(Math.abs(measured.truePeakDbtp - 20 * Math.log10(0.5))).toBeLessThan(0.1)
  })

  it('finds an inter-sample peak in a short stretch whose samples are quieter than the rest', () => {
    // 2 s of a 100 Hz sine peaking at 0.8, then 50 ms of fs/4 at 45°: samples of 0.707, a true peak of 1.
    const rate = 48000
    const channel = new Float32Array(rate * 2 + rate / 20)
    for (let n = 0; n < rate * 2; n++) channel[n] = 0.8 * Math.sin((2 * Math.PI * 100 * n) / rate)
    for (let n = rate * 2; n < channel.length; n++) channel[n] = Math.sin((Math.PI / 2) * n + Math.PI / 4)
    const measured = measureLoudness([channel], rate)
    expect(measured.samplePeakDbfs).toBeCloseTo(20 * Math.log10(0.8), 2)
    expect(Math.abs(measured.truePeakDbtp)).toBeLessThan(0.1)
  })

  it.for([
    { sampleRate: 48000, channels: 1 },
    { sampleRate: 44100, channels: 2 },
  ])('speech from espeak-ng at $sampleRate Hz, $channels channel(s)', async ({ sampleRate, channels }, context) => {
    const voicePath = speak(
      context,
      'The storm rolled in off the harbour. She waited by the window, counting the seconds between the flashes.',
      scratch.path(`speech-${sampleRate}-${channels}-voice.wav`),
    )
    const path = makeWav(scratch.path(`speech-${sampleRate}-${channels}.wav`), {
      inputs: ['-i', voicePath],
      options: ['-ar', String(sampleRate), '-ac', String(channels)],
      codec: 'pcm_s16le',
    })
    await expectAgreementWithFfmpeg(path, context)
  })
})

/** A stereo 1 kHz sine with the given peak level in each channel, the signal of EBU Tech 3341's cases. */
function stereoSine(segments: readonly { levelDbfs: number; seconds: number }[], sampleRate = 48000): Float32Array[] {
  const length = segments.reduce((total, segment) => total + Math.round(segment.seconds * sampleRate), 0)
  const samples = new Float32Array(length)
  let index = 0
  for (const { levelDbfs, seconds } of segments) {
    const amplitude = dbToGain(levelDbfs)
    for (const end = index + Math.round(seconds * sampleRate); index < end; index++) {
      samples[index] = amplitude * Math.sin((2 * Math.PI * 1000 * index) / sampleRate)
    }
  }
  return [samples, Float32Array.from(samples)]
}

describe('measureLoudness, EBU Tech 3341 minimum requirements (Table 1)', UNHURRIED, () => {
  it.each([
    { testCase: 1, segments: [{ levelDbfs: -23, seconds: 20 }], expected: -23 },
    { testCase: 2, segments: [{ levelDbfs: -33, seconds: 20 }], expected: -33 },
    {
      testCase: 3,
      segments: [{ levelDbfs: -36, seconds: 10 }, { levelDbfs: -23, seconds: 60 }, { levelDbfs: -36, seconds: 10 }],
      expected: -23,
    },
    {
      testCase: 4,
      segments: [
        { levelDbfs: -72, seconds: 10 },
        { levelDbfs: -36, seconds: 10 },
        { levelDbfs: -23, seconds: 60 },
        { levelDbfs: -36, seconds: 10 },
        { levelDbfs: -72, seconds: 10 },
      ],
      expected: -23,
    },
    {
      testCase: 5,
      segments: [{ levelDbfs: -26, seconds: 20 }, { levelDbfs: -20, seconds: 20.1 }, { levelDbfs: -26, seconds: 20 }],
      expected: -23,
    },
  ])('case $testCase reads $expected LUFS ±0.1', ({ segments, expected }) => {
    const { integratedLufs } = measureLoudness(stereoSine(segments), 48000)
    expect(Math.abs(integratedLufs - expected)).toBeLessThanOrEqual(0.1)
  })

  it('gives −Infinity for silence and for a programme shorter than one 400 ms block', () => {
    expect(measureLoudness([new Float32Array(48000)], 48000).integratedLufs).toBe(-Infinity)
    expect(measureLoudness(stereoSine([{ levelDbfs: -20, seconds: 0.3 }]), 48000).integratedLufs).toBe(-Infinity)
  })
})

describe('loudnessOverTime', UNHURRIED, () => {
  it('gives the momentary and short-term readings ffmpeg gives, every 100 ms', () => {
    const path = makeWav(scratch.path('meter.wav'), {
      inputs: lavfi('anoisesrc=color=pink:sample_rate=44100:amplitude=0.3:duration=6:seed=8'),
      options: ['-af', "volume='if(lt(t,3),1,0.2)':eval=frame"], // a 14 dB drop half-way
      codec: 'pcm_f32le',
    })
    const { channels, sampleRate } = decodeWav(readFileSync(path))
    const { momentary, shortTerm } = loudnessOverTime(channels, sampleRate)
    const { readings } = ffmpegLoudness(path, scratch)
    const readingAt = (endS: number) => {
      const reading = readings.find((candidate) => Math.abs(candidate.endS - endS) < 1e-3)
      if (!reading) throw new Error(`ffmpeg gave no reading for the window ending at ${endS} s`)
      return reading
    }
    momentary.values.forEach((value, index) => {
      const reading = readingAt(momentary.firstEndS + index * momentary.stepS)
      expect(Math.abs(value - reading.momentaryLufs)).toBeLessThanOrEqual(0.01)
    })
    shortTerm.values.forEach((value, index) => {
      const reading = readingAt(shortTerm.firstEndS + index * shortTerm.stepS)
      expect(Math.abs(value - reading.shortTermLufs)).toBeLessThanOrEqual(0.01)
    })
  })

  it('reports momentary and short-term loudness of complete windows every 100 ms', () => {
    const { momentary, shortTerm } = loudnessOverTime(stereoSine([{ levelDbfs: -23, seconds: 5 }]), 48000)
    expect(momentary.values).toHaveLength(47)
    expect(shortTerm.values).toHaveLength(21)
    expect([momentary.firstEndS, shortTerm.firstEndS, momentary.stepS]).toEqual([0.4, 3, 0.1])
    for (const value of [...momentary.values, ...shortTerm.values]) expect(Math.abs(value + 23)).toBeLessThanOrEqual(0.1)
  })
})

describe('kWeightingFilters', () => {
  it('reproduces the 48 kHz coefficients of BS.1770-4 Tables 1 and 2', () => {
    const [shelf, highPass] = kWeightingFilters(48000)
    const table1 = {
      b0: 1.53512485958697,
      b1: -2.69169618940638,
      b2: 1.19839281085285,
      a1: -1.69065929318241,
      a2: 0.73248077421585,
    }
    const table2 = { b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621 }
    for (const [key, value] of Object.entries(table1)) expect(shelf[key as keyof typeof shelf]).toBeCloseTo(value, 12)
    for (const [key, value] of Object.entries(table2)) expect(highPass[key as keyof typeof highPass]).toBeCloseTo(value, 12)
  })

  it('refuses a sample rate too low for the 1.68 kHz shelf', () => {
    expect(() => kWeightingFilters(4000)).toThrow(/at least 8000 Hz/)
  })
})

describe('normalizationGain', UNHURRIED, () => {
  it('brings the programme to the target when the peak allows', () => {
    expect(normalizationGain({ integratedLufs: -30, truePeakDbtp: -12 }, { targetLufs: -23 })).toEqual({
      gainDb: 7,
      limitedByPeak: false,
    })
  })

  it('stops at the true-peak ceiling and says so', () => {
    expect(normalizationGain({ integratedLufs: -20, truePeakDbtp: -4 }, { targetLufs: -14 })).toEqual({
      gainDb: 3,
      limitedByPeak: true,
    })
    expect(normalizationGain({ integratedLufs: -20, truePeakDbtp: -4 }, { targetLufs: -14, maxTruePeakDbtp: 0 })).toEqual({
      gainDb: 4,
      limitedByPeak: true,
    })
  })

  it('leaves silence alone', () => {
    expect(normalizationGain({ integratedLufs: -Infinity, truePeakDbtp: -Infinity }, { targetLufs: -14 })).toEqual({
      gainDb: 0,
      limitedByPeak: false,
    })
  })

  it.each([
    { targetLufs: -23, limitedByPeak: false },
    { targetLufs: -16, limitedByPeak: false },
    { targetLufs: -9, limitedByPeak: true },
  ])('normalising pink noise to $targetLufs LUFS (limited by peak: $limitedByPeak): ffmpeg agrees', (case_) => {
    const source = makeWav(scratch.path(`normalise-source-${-case_.targetLufs}.wav`), {
      inputs: lavfi('anoisesrc=color=pink:sample_rate=48000:amplitude=0.05:duration=8:seed=5'),
      codec: 'pcm_f32le',
    })
    const { channels, sampleRate } = decodeWav(readFileSync(source))
    const measured = measureLoudness(channels, sampleRate)
    const { gainDb, limitedByPeak } = normalizationGain(measured, { targetLufs: case_.targetLufs })
    expect(limitedByPeak).toBe(case_.limitedByPeak)
    const gain = dbToGain(gainDb)
    const path = scratch.path(`normalised-${-case_.targetLufs}.wav`)
    const normalised = channels.map((channel) => channel.map((sample) => sample * gain))
    writeFileSync(path, encodeWav(normalised, sampleRate, { encoding: 'float32' }))
    const { precise } = ffmpegLoudness(path, scratch)
    const expectedLufs = limitedByPeak ? measured.integratedLufs + gainDb : case_.targetLufs
    expect(Math.abs(precise.integratedLufs - expectedLufs)).toBeLessThanOrEqual(INTEGRATED_TOLERANCE_LU)
    if (limitedByPeak) expect(Math.abs(precise.truePeakDbtp + 1)).toBeLessThanOrEqual(TRUE_PEAK_TOLERANCE_DB)
    else expect(precise.truePeakDbtp).toBeLessThan(-1)
  })
})
