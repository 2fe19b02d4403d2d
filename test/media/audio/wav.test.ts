import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeWav, encodeWav, WavFormatError, type WavSampleFormat } from '../../../src/media/audio/wav'
import { ffmpeg, ffmpegDecode, firstDifference, makeWav, scratchDirectory, UNHURRIED } from './ffmpeg-reference'

const scratch = scratchDirectory()
afterAll(() => scratch.remove())

const pinkNoise = (sampleRate: number, seed: number) => [
  '-f', 'lavfi', '-i', `anoisesrc=color=pink:sample_rate=${sampleRate}:amplitude=0.8:duration=2:seed=${seed}`,
]

/** Deterministic noise in [−1, 1), so a test that fails fails the same way every time. */
function noise(length: number, seed: number): Float32Array {
  const samples = new Float32Array(length)
  let state = seed
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    samples[index] = state / 2 ** 31 - 1
  }
  return samples
}

function expectSameSamples(actual: readonly Float32Array[], expected: readonly Float32Array[]): void {
  expect(actual).toHaveLength(expected.length)
  actual.forEach((channel, index) => {
    expect(firstDifference(channel, expected[index]!), `channel ${index}: first differing sample`).toBe(-1)
  })
}

describe('16-bit WAV round trip', UNHURRIED, () => {
  it.for([
    { sampleRate: 44100, channels: 2 },
    { sampleRate: 48000, channels: 1 },
  ])('re-encodes an ffmpeg-written 16-bit WAV ($sampleRate Hz, $channels ch) to the same bytes', (case_) => {
    const { sampleRate, channels } = case_
    const path = makeWav(scratch.path(`roundtrip-${sampleRate}-${channels}.wav`), {
      inputs: pinkNoise(sampleRate, 3),
      options: ['-ac', String(channels)],
      codec: 'pcm_s16le',
    })
    const original = readFileSync(path)
    const decoded = decodeWav(original)
    const reencoded = encodeWav(decoded.channels, decoded.sampleRate, { encoding: 'pcm16' })
    expect(Buffer.from(reencoded).equals(original)).toBe(true)
  })

  it.for([1, 2, 6])('keeps every 16-bit value through decode and encode with %i channel(s)', (channelCount) => {
    const channels = Array.from({ length: channelCount }, (_, index) => noise(4801, index + 1))
    const encoded = encodeWav(channels, 48000, { encoding: 'pcm16' })
    const reencoded = encodeWav(decodeWav(encoded).channels, 48000, { encoding: 'pcm16' })
    expect(Buffer.from(reencoded).equals(Buffer.from(encoded))).toBe(true)
  })

  it('clips over full scale instead of wrapping around', () => {
    const { channels } = decodeWav(encodeWav([Float32Array.of(1.5, 1, -1, -1.5, Number.NaN)], 8000, { encoding: 'pcm16' }))
    expect(Array.from(channels[0]!)).toEqual([32767 / 32768, 32767 / 32768, -1, -1, 0])
  })
})

describe('decodeWav on files ffmpeg wrote', UNHURRIED, () => {
  it.for<{ codec: string; sampleFormat: WavSampleFormat; channels: number; sampleRate: number }>([
    { codec: 'pcm_u8', sampleFormat: 'pcm8', channels: 1, sampleRate: 22050 },
    { codec: 'pcm_s16le', sampleFormat: 'pcm16', channels: 2, sampleRate: 48000 },
    { codec: 'pcm_s24le', sampleFormat: 'pcm24', channels: 2, sampleRate: 44100 },
    { codec: 'pcm_s24le', sampleFormat: 'pcm24', channels: 1, sampleRate: 48000 },
    { codec: 'pcm_s32le', sampleFormat: 'pcm32', channels: 2, sampleRate: 48000 },
    { codec: 'pcm_f32le', sampleFormat: 'float32', channels: 2, sampleRate: 44100 },
    { codec: 'pcm_f64le', sampleFormat: 'float64', channels: 1, sampleRate: 48000 },
    { codec: 'pcm_s16le', sampleFormat: 'pcm16', channels: 6, sampleRate: 48000 },
    { codec: 'pcm_f32le', sampleFormat: 'float32', channels: 6, sampleRate: 48000 },
  ])('$codec, $channels ch, $sampleRate Hz: the same samples ffmpeg decodes', (case_) => {
    const { codec, sampleFormat, channels, sampleRate } = case_
    const path = makeWav(scratch.path(`decode-${codec}-${channels}-${sampleRate}.wav`), {
      inputs: pinkNoise(sampleRate, 9),
      options: ['-ac', String(channels)],
      codec,
    })
    const decoded = decodeWav(readFileSync(path))
    expect(decoded.sampleFormat).toBe(sampleFormat)
    expect(decoded.sampleRate).toBe(sampleRate)
    expectSameSamples(decoded.channels, ffmpegDecode(path, channels))
  })

  it('reads a WAV streamed to a pipe, whose sizes were never filled in', () => {
    const path = makeWav(scratch.path('piped-source.wav'), { inputs: pinkNoise(48000, 4), codec: 'pcm_s24le' })
    const piped = ffmpeg(['-i', path, '-c:a', 'pcm_s24le', '-f', 'wav', '-'])
    expect(piped.readUInt32LE(4)).toBe(0xffffffff)
    expectSameSamples(decodeWav(piped).channels, decodeWav(readFileSync(path)).channels)
  })

  it('skips chunks it does not read, odd-sized ones with their pad byte', () => {
    const plain = encodeWav([Float32Array.of(0.5, -0.25, 0.125)], 8000, { encoding: 'pcm16' })
    const formatEnd = 12 + 8 + 16
    // A 3-byte "note" chunk and its pad byte between the format and the audio.
    const note = Uint8Array.of(...new TextEncoder().encode('note'), 3, 0, 0, 0, 1, 2, 3, 0)
    const withNote = new Uint8Array(plain.length + note.length)
    withNote.set(plain.subarray(0, formatEnd))
    withNote.set(note, formatEnd)
    withNote.set(plain.subarray(formatEnd), formatEnd + note.length)
    new DataView(withNote.buffer).setUint32(4, withNote.length - 8, true)
    expect(Array.from(decodeWav(withNote).channels[0]!)).toEqual([0.5, -0.25, 0.125])
  })

  it('reports the speaker mask of a WAVE_FORMAT_EXTENSIBLE file', () => {
    const path = makeWav(scratch.path('mask.wav'), {
      inputs: pinkNoise(48000, 5),
      options: ['-ac', '6'],
      codec: 'pcm_s24le',
    })
    expect(decodeWav(readFileSync(path)).channelMask).toBe(0x3f)
  })
})

interface ProbedStream {
  codec_name: string
  channels: number
  channel_layout?: string
  sample_rate: string
}

function ffprobeStream(path: string): ProbedStream {
  const entries = 'stream=codec_name,channels,channel_layout,sample_rate'
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', entries, '-of', 'json', path])
  expect(probe.status, probe.stderr.toString()).toBe(0)
  const [stream] = (JSON.parse(probe.stdout.toString()) as { streams: ProbedStream[] }).streams
  if (!stream) throw new Error(`ffprobe found no stream in ${path}`)
  return stream
}

describe('encodeWav, read back by ffmpeg', UNHURRIED, () => {
  it.for([
    // Up to two channels the plain WAVEFORMATEX header has no speaker mask, so no layout to report.
    { encoding: 'float32', channelCount: 1, codec: 'pcm_f32le', layout: undefined },
    { encoding: 'float32', channelCount: 2, codec: 'pcm_f32le', layout: undefined },
    { encoding: 'float32', channelCount: 6, codec: 'pcm_f32le', layout: '5.1' },
    { encoding: 'pcm16', channelCount: 2, codec: 'pcm_s16le', layout: undefined },
    { encoding: 'pcm16', channelCount: 6, codec: 'pcm_s16le', layout: '5.1' },
  ] as const)('$encoding, $channelCount ch: ffmpeg reads it as $codec with our samples', (case_) => {
    const { encoding, channelCount, codec, layout } = case_
    const channels = Array.from({ length: channelCount }, (_, index) => noise(44100, 100 + index))
    const path = scratch.path(`encoded-${encoding}-${channelCount}.wav`)
    writeFileSync(path, encodeWav(channels, 44100, { encoding }))
    const stream = { codec_name: codec, channels: channelCount, channel_layout: layout, sample_rate: '44100' }
    expect(ffprobeStream(path)).toEqual(stream)
    const expected = encoding === 'float32' ? channels : decodeWav(readFileSync(path)).channels
    expectSameSamples(ffmpegDecode(path, channelCount), expected)
  })

  it('refuses channels of different lengths', () => {
    const uneven = [new Float32Array(10), new Float32Array(9)]
    expect(() => encodeWav(uneven, 48000, { encoding: 'pcm16' })).toThrow(/same number of samples/)
  })
})

/** A valid 16-bit header whose format tag (and bit depth) we then overwrite. */
function wavWithFormat(formatTag: number, bitsPerSample = 16): Uint8Array {
  const bytes = encodeWav([new Float32Array(16)], 8000, { encoding: 'pcm16' })
  const view = new DataView(bytes.buffer)
  view.setUint16(20, formatTag, true)
  view.setUint16(32, Math.ceil(bitsPerSample / 8), true) // block align, so only the codec is wrong
  view.setUint16(34, bitsPerSample, true)
  return bytes
}

describe('decodeWav refuses what it cannot read, and says what it is', UNHURRIED, () => {
  it('names MP3 in WAV', () => {
    expect(() => decodeWav(wavWithFormat(0x0055))).toThrow(
      new WavFormatError('this WAV uses codec 0x0055 (MP3 in WAV); use PCM or float WAV'),
    )
  })

  it.for([
    { codec: 'pcm_alaw', message: 'this WAV uses codec 0x0006 (A-law); use PCM or float WAV' },
    { codec: 'adpcm_ima_wav', message: 'this WAV uses codec 0x0011 (IMA ADPCM); use PCM or float WAV' },
  ])('names $codec written by ffmpeg', ({ codec, message }) => {
    const path = makeWav(scratch.path(`refused-${codec}.wav`), { inputs: pinkNoise(8000, 1), codec })
    expect(() => decodeWav(readFileSync(path))).toThrow(new WavFormatError(message))
  })

  it('gives the code of a codec it has no name for', () => {
    expect(() => decodeWav(wavWithFormat(0x1234))).toThrow('this WAV uses codec 0x1234; use PCM or float WAV')
  })

  it('refuses PCM depths other than 8, 16, 24 and 32 bits, and float other than 32 and 64', () => {
    expect(() => decodeWav(wavWithFormat(0x0001, 12))).toThrow(
      'this WAV is 12-bit PCM; use 8, 16, 24 or 32-bit PCM or float WAV',
    )
    expect(() => decodeWav(wavWithFormat(0x0003, 16))).toThrow('this WAV is 16-bit float; use 32 or 64-bit float or PCM WAV')
  })

  it('refuses files that are not WAV, or have no format or no audio', () => {
    const mp3 = new TextEncoder().encode('ID3\u0004 this is an mp3 file')
    expect(() => decodeWav(mp3)).toThrow('this is not a WAV file (no RIFF/WAVE header)')
    expect(() => decodeWav(new Uint8Array(4))).toThrow('this file is too short to be a WAV file')
    const headerOnly = encodeWav([new Float32Array(0)], 8000, { encoding: 'pcm16' }).subarray(0, 36)
    expect(() => decodeWav(headerOnly)).toThrow('this WAV has no audio ("data" chunk)')
    const rf64 = encodeWav([new Float32Array(4)], 8000, { encoding: 'pcm16' })
    rf64.set(new TextEncoder().encode('RF64'), 0)
    expect(() => decodeWav(rf64)).toThrow(/RF64/)
  })
})
