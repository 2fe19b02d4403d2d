/**
 * ffmpeg (and espeak-ng, when installed) as the reference the audio tests check against: they make
 * the test signals as WAV files, and ffmpeg's `ebur128` filter measures them independently.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'vitest'

/**
 * For suites that run ffmpeg or measure minutes of audio: a slow or busy machine must not fail them
 * on time (Vitest's default is 5 s per test).
 */
export const UNHURRIED = { timeout: 120_000 }

const hasEspeak = spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).error === undefined

/**
 * Writes `text` spoken by espeak-ng (22.05 kHz mono WAV) to `path`. Without espeak-ng the test is
 * skipped, and says why on stderr as well, since the default reporter does not print skip notes.
 */
export function speak(context: TestContext, text: string, path: string): string {
  if (!hasEspeak) {
    const reason = 'skipped: espeak-ng is not installed (apt-get install espeak-ng), so there is no speech to test with'
    console.warn(reason)
    context.skip(reason)
  }
  const result = spawnSync('espeak-ng', ['-w', path, text])
  if (result.status !== 0) throw new Error(`espeak-ng failed: ${result.stderr.toString()}`)
  return path
}

/** Runs ffmpeg and returns its stdout; throws with the end of its log when it fails. */
export function ffmpeg(args: readonly string[]): Buffer {
  const result = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-y', ...args], { maxBuffer: 1 << 30 })
  if (result.error) throw new Error(`could not run ffmpeg (the audio tests need it on PATH): ${result.error.message}`)
  if (result.status !== 0) {
    throw new Error(`ffmpeg ${args.join(' ')} failed:\n${result.stderr.toString().slice(-2000)}`)
  }
  return result.stdout
}

/**
 * A scratch directory under os.tmpdir(), made on first use (so a file whose tests are all filtered
 * out leaves nothing behind) and removed by `remove()`.
 */
export function scratchDirectory(): { path: (name: string) => string; remove: () => void } {
  let directory: string | undefined
  return {
    path: (name) => join((directory ??= mkdtempSync(join(tmpdir(), 'reelgraph-audio-'))), name),
    remove: () => {
      if (directory) rmSync(directory, { recursive: true, force: true })
    },
  }
}

export interface WavRecipe {
  /** ffmpeg input arguments, e.g. `['-f', 'lavfi', '-i', 'sine=frequency=997:sample_rate=48000:duration=5']`. */
  inputs: readonly string[]
  /** Output codec: `pcm_s16le`, `pcm_s24le`, `pcm_f32le`, … */
  codec: string
  /** Filters and output options between the inputs and the codec, e.g. `['-filter_complex', 'amerge']`. */
  options?: readonly string[]
}

/** The left channel of `path`'s sound after `filters`, as ffmpeg computes it, as float at `sampleRate`. */
export function filteredMono(path: string, filters: string, sampleRate: number): Float32Array {
  const raw = ffmpeg(['-i', path, '-vn', '-af', `pan=mono|c0=c0,aresample=${sampleRate},${filters}`, '-f', 'f32le', '-c:a', 'pcm_f32le', '-'])
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))
}

/** Two bandpass stages isolate one tone: the others are more than 45 dB down. */
export const isolateTone = (frequency: number) => `bandpass=f=${frequency}:t=q:w=8,bandpass=f=${frequency}:t=q:w=8`

export function makeWav(path: string, { inputs, codec, options = [] }: WavRecipe): string {
  ffmpeg([...inputs, ...options, '-c:a', codec, '-fflags', '+bitexact', '-flags:a', '+bitexact', path])
  return path
}

export interface ReferenceLoudness {
  /** From the filter's printed summary (one decimal). */
  summary: { integratedLufs: number; samplePeakDbfs: number; truePeakDbtp: number }
  /**
   * From the filter's frame metadata, for a tighter comparison: loudness to 0.001 LU, peaks as
   * linear values to 0.001 (so the true peak is converted to dB here, the sample peak is left linear).
   */
  precise: { integratedLufs: number; samplePeak: number; truePeakDbtp: number }
  /** The meter every 100 ms: momentary and short-term loudness of the windows ending at `endS`. */
  readings: { endS: number; momentaryLufs: number; shortTermLufs: number }[]
}

/** `ffmpeg -af ebur128=peak=true+sample -f null -`, read back from its stderr summary and frame metadata. */
export function ffmpegLoudness(wavPath: string, scratch: { path: (name: string) => string }): ReferenceLoudness {
  const metadataPath = scratch.path(`ebur128-${Math.random().toString(36).slice(2)}.txt`)
  const result = spawnSync(
    'ffmpeg',
    [
      '-hide_banner', '-nostdin', '-nostats', '-i', wavPath,
      '-af', `ebur128=peak=true+sample:metadata=1,ametadata=mode=print:file=${metadataPath}`,
      '-f', 'null', '-',
    ],
    { maxBuffer: 1 << 30 },
  )
  const log = result.stderr.toString()
  if (result.status !== 0) throw new Error(`ffmpeg ebur128 failed on ${wavPath}:\n${log.slice(-2000)}`)
  const summary = log.slice(log.lastIndexOf('Summary:'))
  const metadata = readFileSync(metadataPath, 'utf8')
  return {
    summary: {
      integratedLufs: parseLevel(summary, /I:\s+(\S+) LUFS/),
      samplePeakDbfs: parseLevel(summary, /Sample peak:\s+Peak:\s+(\S+) dBFS/),
      truePeakDbtp: parseLevel(summary, /True peak:\s+Peak:\s+(\S+) dBFS/),
    },
    precise: {
      integratedLufs: lastMetadata(metadata, 'lavfi.r128.I'),
      samplePeak: lastMetadata(metadata, 'lavfi.r128.sample_peak'),
      truePeakDbtp: 20 * Math.log10(lastMetadata(metadata, 'lavfi.r128.true_peak')),
    },
    // Each output frame is 100 ms and carries the meter as it stood at the frame's end.
    readings: [...metadata.matchAll(/pts_time:(\S+)\nlavfi\.r128\.M=(\S+)\nlavfi\.r128\.S=(\S+)/g)].map(
      ([, startS, momentary, shortTerm]) => ({
        endS: Number(startS) + 0.1,
        momentaryLufs: Number(momentary),
        shortTermLufs: Number(shortTerm),
      }),
    ),
  }
}

function parseLevel(text: string, pattern: RegExp): number {
  const match = pattern.exec(text)
  if (!match?.[1]) throw new Error(`no ${pattern} in ffmpeg's ebur128 summary:\n${text}`)
  return match[1] === '-inf' ? -Infinity : Number(match[1])
}

function lastMetadata(text: string, key: string): number {
  const values = [...text.matchAll(new RegExp(`^${key.replaceAll('.', '\\.')}=(\\S+)$`, 'gm'))]
  const last = values.at(-1)?.[1]
  if (last === undefined) throw new Error(`no ${key} in ffmpeg's ebur128 metadata`)
  return Number(last)
}

/** How ffmpeg itself decodes a file: planar float32, for comparing samples one by one. */
export function ffmpegDecode(path: string, channelCount: number): Float32Array[] {
  const raw = ffmpeg(['-i', path, '-f', 'f32le', '-c:a', 'pcm_f32le', '-'])
  const interleaved = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))
  const frameCount = interleaved.length / channelCount
  return Array.from({ length: channelCount }, (_, channel) => {
    const samples = new Float32Array(frameCount)
    for (let frame = 0; frame < frameCount; frame++) samples[frame] = interleaved[frame * channelCount + channel]!
    return samples
  })
}

/** The first index where two sample arrays differ, or −1 when they are identical. */
export function firstDifference(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length)
  return actual.findIndex((value, index) => value !== expected[index])
}
