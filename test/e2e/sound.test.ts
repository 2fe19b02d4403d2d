/**
 * Sound design end to end: ffmpeg makes a score (440 Hz, a 44.1 kHz FLAC, so the browser decodes and
 * resamples it), a foley tone (1 kHz) and a dialogue burst (3 kHz), the headless runner mixes them
 * in Chromium, and ffmpeg checks the result: each tone's
 * level against `-af volume`, the ducking of the score while the dialogue plays, where the
 * dialogue lands, the fade against `afade`, and the loudness against `ebur128`.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { dbToGain, rmsDb } from '../../src/media/audio/gain'
import { decodeWav } from '../../src/media/audio/wav'
import { ffmpeg, ffmpegLoudness, filteredMono, isolateTone as isolate, makeWav, scratchDirectory } from '../media/audio/ffmpeg-reference'
import { runReelgraph } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const RATE = 48000
const at = (seconds: number) => Math.round(seconds * RATE)

const score = { frequency: 440, gainDb: -6 }
const foley = { frequency: 1000, gainDb: -10, fadeOutS: 0.5 }
const dialogue = { frequency: 3000, offsetS: 1.2345, lengthS: 1 }
const duck = { amountDb: 12, thresholdDb: -40, attackMs: 20, releaseMs: 200 }

const soundDoc: PipelineDoc = pipelineDoc({
  id: 'sound-e2e',
  name: 'Score and foley under a line',
  description: 'Three sounds mixed, the mix exported with its stems.',
  nodes: [
    pipelineNode('score', 'audio-input'),
    pipelineNode('foley', 'audio-input', {}, { at: { x: 0, y: 150 } }),
    pipelineNode('line', 'audio-input', {}, { at: { x: 0, y: 300 } }),
    pipelineNode('mix', 'mix', {}, { at: { x: 300, y: 150 } }),
    pipelineNode('deliver', 'export-stems', {}, { at: { x: 600, y: 150 } }),
  ],
  edges: [
    pipelineLink('score', 'audio', 'mix', 'tracks', 'e1'),
    pipelineLink('foley', 'audio', 'mix', 'tracks', 'e2'),
    pipelineLink('line', 'audio', 'mix', 'tracks', 'e3'),
    pipelineLink('mix', 'audio', 'deliver', 'audio', 'e4'),
  ],
})

const tracks = [
  { role: 'score', gainDb: score.gainDb },
  { role: 'foley', gainDb: foley.gainDb, fadeOutS: foley.fadeOutS },
  { role: 'dialogue', offsetS: dialogue.offsetS },
]

const scratch = scratchDirectory()
const files = { score: '', foley: '', line: '', pipeline: '' }

beforeAll(async () => {
  const tone = (name: string, frequency: number, seconds: number) =>
    makeWav(scratch.path(`${name}.wav`), {
      inputs: ['-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=${RATE}:duration=${seconds}`],
      codec: 'pcm_s16le',
    })
  files.score = scratch.path('score.flac')
  ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=${score.frequency}:sample_rate=44100:duration=3`, '-c:a', 'flac', files.score])
  files.foley = tone('foley', foley.frequency, 3)
  files.line = tone('line', dialogue.frequency, dialogue.lengthS)
  files.pipeline = scratch.path('sound.json')
  await writeFile(files.pipeline, JSON.stringify(soundDoc))
})

afterAll(() => scratch.remove())

async function mixSounds(out: string, targetLufs: number | null, line = files.line) {
  const run = await runReelgraph([
    'run', files.pipeline, '--out', out, '--save', 'mix',
    '--input', `score=${files.score}`, '--input', `foley=${files.foley}`, '--input', `line=${line}`,
    '--set', `mix.tracks=${JSON.stringify(tracks)}`,
    '--set', `mix.duck=${JSON.stringify(duck)}`,
    '--set', `mix.targetLufs=${JSON.stringify(targetLufs)}`,
  ])
  return run
}

const rmsBetween = (samples: Float32Array, fromS: number, toS: number) => rmsDb(samples, at(fromS), at(toS))

describe('npm run reelgraph: sound design', () => {
  const out = scratch.path('levels')
  let mixPath = ''

  beforeAll(async () => {
    const run = await mixSounds(out, null)
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0)
    mixPath = join(out, 'mix.audio.wav')
  })

  it('writes the mix and the exported files as 48 kHz stereo WAV, the stems adding up to the mix', async () => {
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { outputs: string[] }
    expect(report.outputs.sort()).toEqual([
      'deliver.files.0.wav', 'deliver.files.1.wav', 'deliver.files.2.wav', 'deliver.files.3.wav',
      'mix.audio.wav', 'mix.stems.0.wav', 'mix.stems.1.wav', 'mix.stems.2.wav',
    ])
    const mix = decodeWav(await readFile(mixPath))
    expect(mix).toMatchObject({ sampleRate: RATE, sampleFormat: 'float32' })
    expect(mix.channels).toHaveLength(2)
    expect(mix.channels[0]!.length).toBe(at(3))
    const stems = await Promise.all([0, 1, 2].map(async (i) => decodeWav(await readFile(join(out, `mix.stems.${i}.wav`))).channels))
    let largestDifference = 0
    for (let frame = 0; frame < at(3); frame += 7) {
      const sum = stems.reduce((total, stem) => total + stem[0]![frame]!, 0)
      largestDifference = Math.max(largestDifference, Math.abs(sum - mix.channels[0]![frame]!))
    }
    expect(largestDifference).toBeLessThan(1e-6)
  })

  it('gives each tone the level ffmpeg -af volume gives it, within 0.5 dB RMS', () => {
    for (const [path, tone] of [[files.score, score], [files.foley, foley]] as const) {
      const expected = rmsBetween(filteredMono(path, `volume=${tone.gainDb}dB,${isolate(tone.frequency)}`, RATE), 0.2, 1.1)
      const heard = rmsBetween(filteredMono(mixPath, isolate(tone.frequency), RATE), 0.2, 1.1)
      console.log(`${tone.frequency} Hz at ${tone.gainDb} dB: mix ${heard.toFixed(3)} dB RMS, ffmpeg ${expected.toFixed(3)} dB RMS`)
      expect(Math.abs(heard - expected)).toBeLessThan(0.5)
    }
  })

  it('ducks the score by the asked amount, within 1 dB, while the dialogue plays', () => {
    const scoreHeard = filteredMono(mixPath, isolate(score.frequency), RATE)
    const before = rmsBetween(scoreHeard, 0.2, 1.1)
    const under = rmsBetween(scoreHeard, dialogue.offsetS + 0.1, dialogue.offsetS + dialogue.lengthS - 0.05)
    const after = rmsBetween(scoreHeard, 2.75, 2.95)
    console.log(`score ducked by ${(before - under).toFixed(3)} dB (asked ${duck.amountDb}); back within ${(before - after).toFixed(3)} dB after`)
    expect(Math.abs(before - under - duck.amountDb)).toBeLessThan(1)
    expect(Math.abs(before - after)).toBeLessThan(0.5)
  })

  it('starts the dialogue at its offset, within 1 ms', async () => {
    const [left] = decodeWav(await readFile(join(out, 'mix.stems.0.wav'))).channels
    const onset = left!.findIndex((sample) => Math.abs(sample) > 1e-4)
    console.log(`dialogue onset at sample ${onset}, asked ${dialogue.offsetS * RATE}`)
    expect(Math.abs(onset - dialogue.offsetS * RATE)).toBeLessThanOrEqual(RATE / 1000)
  })

  it('fades the foley out on the same samples as ffmpeg afade, within 1 ms', async () => {
    const [left] = decodeWav(await readFile(join(out, 'mix.stems.2.wav'))).channels
    const expected = filteredMono(files.foley, `volume=${foley.gainDb}dB,afade=t=out:st=${3 - foley.fadeOutS}:d=${foley.fadeOutS}`, RATE)
    let largestDifference = 0
    for (let frame = 0; frame < expected.length; frame++) {
      largestDifference = Math.max(largestDifference, Math.abs(left![frame]! - expected[frame]!))
    }
    console.log(`foley stem vs ffmpeg volume+afade: largest sample difference ${largestDifference.toExponential(2)}`)
    // A fade one millisecond late would leave a difference of 48 fade steps times the tone's level.
    expect(largestDifference).toBeLessThan((dbToGain(foley.gainDb) * 0.125 * RATE) / 1000 / at(foley.fadeOutS))
  })
})

describe('npm run reelgraph: loudness and bad files', () => {
  it('normalises the mix to −16 LUFS within 1 LU by ffmpeg ebur128, true peak at most −1 dBTP', async () => {
    const out = scratch.path('loudness')
    const run = await mixSounds(out, -16)
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0)
    const { summary } = ffmpegLoudness(join(out, 'mix.audio.wav'), scratch)
    console.log(`ebur128: ${summary.integratedLufs} LUFS, true peak ${summary.truePeakDbtp} dBTP`)
    expect(Math.abs(summary.integratedLufs - -16)).toBeLessThanOrEqual(1)
    expect(summary.truePeakDbtp).toBeLessThanOrEqual(-1)
  })

  it('stops at a file that is not sound, with the problem on its node', async () => {
    const notSound = scratch.path('line.mp3')
    await writeFile(notSound, 'INT. TRAM STOP - NIGHT\n')
    const out = scratch.path('bad')
    const run = await mixSounds(out, null, notSound)
    expect(run.code).toBe(1)
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as {
      nodes: Record<string, { status: string; error?: string }>
    }
    expect(report.nodes.line?.status).toBe('error')
    expect(report.nodes.line?.error).toMatch(/“line\.mp3” cannot be used as sound: this browser cannot decode it/)
    expect(report.nodes.score?.status).toBe('done')
    expect(report.nodes.mix?.status).toBe('skipped')
  })
})
