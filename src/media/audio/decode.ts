/*
 * Sound files to planar Float32Array channels in the browser. WAV is read by our own decoder (exact
 * samples, the file's own rate, and an error that names the codec); everything else goes through
 * the browser's decodeAudioData, which always resamples to its context's rate.
 */
import { statedSampleRate } from './stated-rate'
import { decodeWav, WavFormatError } from './wav'

export interface DecodedAudio {
  sampleRate: number
  /** One array per channel, full scale ±1. */
  channels: Float32Array[]
}

/** What a filmmaker sees about a sound file on its node. */
export interface AudioFacts {
  durationS: number
  channels: number
  /** The file's own rate; absent when its header does not say (the browser's decoder resamples). */
  sampleRate?: number
}

export class AudioDecodeError extends Error {
  override readonly name = 'AudioDecodeError'
}

const FORMATS_WE_PLAY = 'use WAV, MP3, M4A/AAC, Ogg/Opus or FLAC'
/** decodeAudioData needs some context rate; for probing only the duration and channels are kept. */
const PROBE_RATE = 48000

/**
 * Decodes a sound file at `sampleRate`. A WAV already at that rate is taken sample for sample; any
 * other file (or a WAV at another rate) is decoded and resampled by the browser, whose resampler is
 * band-limited, unlike an AudioBufferSourceNode playing a buffer at a foreign rate.
 */
export async function decodeAudioFile(file: ArrayBuffer, sampleRate: number): Promise<DecodedAudio> {
  const wav = readWav(file)
  if (wav.decoded?.sampleRate === sampleRate) return wav.decoded
  return checkedBrowserDecode(file, sampleRate, wav.problem)
}

/** Duration and channels of a sound file, and its sample rate when the file states it. */
export async function probeAudioFile(file: ArrayBuffer): Promise<AudioFacts> {
  const wav = readWav(file)
  if (wav.decoded) {
    const { channels, sampleRate } = wav.decoded
    return { durationS: channels[0]!.length / sampleRate, channels: channels.length, sampleRate }
  }
  const decoded = await checkedBrowserDecode(file, PROBE_RATE, wav.problem)
  const facts: AudioFacts = { durationS: decoded.channels[0]!.length / decoded.sampleRate, channels: decoded.channels.length }
  const sampleRate = statedSampleRate(new Uint8Array(file))
  if (sampleRate !== undefined) facts.sampleRate = sampleRate
  return facts
}

function isWav(file: ArrayBuffer): boolean {
  if (file.byteLength < 12) return false
  const header = String.fromCharCode(...new Uint8Array(file, 0, 12))
  return /^(RIFF|RF64|BW64)....WAVE$/s.test(header)
}

/** A WAV decoded by us, or why we could not (the browser may still manage, e.g. ADPCM). */
function readWav(file: ArrayBuffer): { decoded?: DecodedAudio; problem?: string } {
  if (!isWav(file)) return {}
  try {
    const { sampleRate, channels } = decodeWav(file)
    if (channels.length === 0 || channels[0]!.length === 0) return { problem: 'this WAV holds no samples' }
    return { decoded: { sampleRate, channels } }
  } catch (error) {
    if (error instanceof WavFormatError) return { problem: error.message }
    throw error
  }
}

async function checkedBrowserDecode(file: ArrayBuffer, sampleRate: number, wavProblem?: string): Promise<DecodedAudio> {
  const context = new OfflineAudioContext(1, 1, sampleRate)
  // decodeAudioData detaches the buffer it is given; the caller keeps theirs.
  const buffer = await context.decodeAudioData(file.slice(0)).catch(() => {
    throw new AudioDecodeError(
      wavProblem ?? `this browser cannot decode it: the file is damaged or not a sound file; ${FORMATS_WE_PLAY}`,
    )
  })
  if (buffer.length === 0) throw new AudioDecodeError('the file decodes to no samples at all')
  return {
    sampleRate: buffer.sampleRate,
    channels: Array.from({ length: buffer.numberOfChannels }, (_, channel) => buffer.getChannelData(channel)),
  }
}
