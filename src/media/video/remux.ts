/*
 * A clip's sound taken out, or put in, without touching its picture. The picture's packets are
 * copied as they are stored (demux → mux, no decode), so the frames stay bit for bit what they were;
 * sound is copied when its codec fits the new container and encoded (Opus) only when it must be,
 * since this browser cannot encode AAC.
 */
import {
  ALL_FORMATS,
  AudioBufferSource,
  BlobSource,
  BufferTarget,
  Conversion,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  FlacOutputFormat,
  Input,
  MkvOutputFormat,
  Mp3OutputFormat,
  Mp4OutputFormat,
  OggOutputFormat,
  Output,
  WavOutputFormat,
  WebMOutputFormat,
  type AudioCodec,
  type InputAudioTrack,
  type InputVideoTrack,
  type OutputFormat,
} from 'mediabunny'
import { blobOfBytes } from '../blob-of-bytes'

export class NoSoundError extends Error {
  override readonly name = 'NoSoundError'
}

export interface ExtractedSound {
  /** An audio-only file: M4A, Ogg, MP3 or FLAC when the packets were copied, WAV when they were decoded. */
  blob: Blob
  /** mediabunny's codec name of the stored sound: `aac`, `opus`, `pcm-s16`, … */
  codec: string
  copied: boolean
  /** The file's extension, for its name: `m4a`, `ogg`, `mp3`, `flac` or `wav`. */
  extension: string
  durationS: number
  sampleRate: number
  channels: number
}

/**
 * The audio-only file each codec is copied into: one every browser decodes, so the sound can be
 * mixed downstream. A codec not listed (PCM in a MOV, AC-3, …) is decoded to WAV instead.
 */
const SOUND_FILES: Partial<Record<AudioCodec, { make: () => OutputFormat; extension: string }>> = {
  aac: { make: () => new Mp4OutputFormat({ fastStart: 'in-memory' }), extension: 'm4a' },
  opus: { make: () => new OggOutputFormat(), extension: 'ogg' },
  vorbis: { make: () => new OggOutputFormat(), extension: 'ogg' },
  mp3: { make: () => new Mp3OutputFormat(), extension: 'mp3' },
  flac: { make: () => new FlacOutputFormat(), extension: 'flac' },
}

/** The codec of a decoded sound: 16 bits carry everything a clip's (usually lossy) sound holds. */
const DECODED_CODEC = 'pcm-s16'

/** The clip's first sound track as its own file; a `NoSoundError` when the clip is silent. */
export async function extractSound(clip: Blob, signal?: AbortSignal): Promise<ExtractedSound> {
  const input = new Input({ source: new BlobSource(clip), formats: ALL_FORMATS })
  try {
    const sound = await input.getPrimaryAudioTrack()
    if (!sound) throw new NoSoundError('this clip has no sound track')
    const codec = sound.codec
    const container = codec ? SOUND_FILES[codec] : undefined
    const target = new BufferTarget()
    const output = new Output({ format: container?.make() ?? new WavOutputFormat(), target })
    const conversion = await Conversion.init({
      input,
      output,
      tracks: 'primary',
      video: { discard: true },
      audio: container ? {} : { codec: DECODED_CODEC },
      showWarnings: false,
    })
    if (!conversion.isValid || conversion.utilizedTracks.length === 0) {
      throw new Error(`this clip’s sound (${codec ?? 'an unknown codec'}) can be neither copied nor decoded in this browser`)
    }
    await runCancellable(conversion, signal)
    if (!target.buffer) throw new Error('the sound was not written')
    const mime = (await output.getMimeType()).split(';')[0]!
    return {
      blob: blobOfBytes(target.buffer, mime),
      codec: container && codec ? codec : DECODED_CODEC,
      copied: container !== undefined,
      extension: container?.extension ?? 'wav',
      durationS: await sound.computeDuration(),
      sampleRate: sound.sampleRate,
      channels: sound.numberOfChannels,
    }
  } finally {
    input.dispose()
  }
}

async function runCancellable(conversion: Conversion, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  const cancel = () => void conversion.cancel()
  signal?.addEventListener('abort', cancel, { once: true })
  try {
    await conversion.execute()
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
  signal?.throwIfAborted()
}

/** Planar samples, full scale ±1, ready to encode. */
export interface SoundSamples {
  sampleRate: number
  channels: readonly Float32Array<ArrayBuffer>[]
}

/** A sound file whose packets can go into the new clip unchanged, already as long as the clip. */
export interface SoundPackets {
  file: Blob
}

export interface RemuxedClip {
  blob: Blob
  /** mediabunny's name of the sound's codec: the copied sound's own, or `opus`. */
  audioCodec: AudioCodec
}

/** How long the clip's picture runs, in seconds, or why it has none. */
export async function readPicture(clip: Blob): Promise<{ durationS: number }> {
  const input = new Input({ source: new BlobSource(clip), formats: ALL_FORMATS })
  try {
    const picture = await input.getPrimaryVideoTrack()
    if (!picture) throw new Error('this file has no picture (no video track)')
    return { durationS: await picture.computeDuration() }
  } finally {
    input.dispose()
  }
}

/**
 * The clip with `sound` as its only sound track, its picture packets copied. `sound` is either
 * samples to encode (Opus) or a file whose packets are copied (see `copyableSoundDuration`).
 */
export async function replaceSound(clip: Blob, sound: SoundSamples | SoundPackets, signal?: AbortSignal): Promise<RemuxedClip> {
  const input = new Input({ source: new BlobSource(clip), formats: ALL_FORMATS })
  const soundInput = 'file' in sound ? new Input({ source: new BlobSource(sound.file), formats: ALL_FORMATS }) : undefined
  try {
    const picture = await input.getPrimaryVideoTrack()
    if (!picture?.codec) throw new Error('this clip has no picture this app can copy')
    const format = containerFor(await input.getMimeType())
    if (!format.getSupportedVideoCodecs().includes(picture.codec)) {
      throw new Error(`a ${picture.codec} picture cannot go into this clip’s container`)
    }
    const target = new BufferTarget()
    const output = new Output({ format, target })
    const pictureSource = new EncodedVideoPacketSource(picture.codec)
    output.addVideoTrack(pictureSource, { rotation: picture.rotation })
    const soundTrack = soundInput ? await copyableSound(soundInput, format) : undefined
    if (soundInput && !soundTrack) throw new Error('this sound cannot be copied into the clip’s container')
    const soundSource = soundTrack ? new EncodedAudioPacketSource(soundTrack.codec) : new AudioBufferSource({ codec: 'opus', bitrate: 192_000 })
    output.addAudioTrack(soundSource)
    await output.start()
    // Both tracks are fed at once: the muxer interleaves by timestamp and holds back whichever runs ahead.
    const addSound = async () => {
      if (soundTrack && soundSource instanceof EncodedAudioPacketSource) await copySound(soundTrack, soundSource, signal)
      else if ('channels' in sound && soundSource instanceof AudioBufferSource) await soundSource.add(audioBufferOf(sound))
      soundSource.close()
    }
    const addPicture = async () => {
      await copyPicture(picture, pictureSource, signal)
      pictureSource.close()
    }
    await Promise.all([addPicture(), addSound()])
    await output.finalize()
    if (!target.buffer) throw new Error('the clip was not written')
    const mime = (await output.getMimeType()).split(';')[0]!
    return { blob: blobOfBytes(target.buffer, mime), audioCodec: soundTrack?.codec ?? 'opus' }
  } finally {
    input.dispose()
    soundInput?.dispose()
  }
}

/** The clip's own kind of container, so an MP4 stays an MP4 and a WebM a WebM. */
function containerFor(mime: string): OutputFormat {
  if (mime.startsWith('video/webm')) return new WebMOutputFormat()
  if (mime.startsWith('video/x-matroska')) return new MkvOutputFormat()
  return new Mp4OutputFormat({ fastStart: 'in-memory' })
}

/** The sound file's track when the container takes its codec as it is. */
async function copyableSound(soundInput: Input, format: OutputFormat): Promise<(InputAudioTrack & { codec: AudioCodec }) | undefined> {
  const track = await soundInput.getPrimaryAudioTrack()
  if (!track?.codec || !format.getSupportedAudioCodecs().includes(track.codec)) return undefined
  return track as InputAudioTrack & { codec: AudioCodec }
}

/**
 * How long `sound` is when its packets can go into `clip`'s container unchanged (AAC or Opus into
 * MP4, Opus into WebM); undefined when it must be decoded and encoded.
 */
export async function copyableSoundDuration(clip: Blob, sound: Blob): Promise<number | undefined> {
  const clipInput = new Input({ source: new BlobSource(clip), formats: ALL_FORMATS })
  const soundInput = new Input({ source: new BlobSource(sound), formats: ALL_FORMATS })
  try {
    const format = containerFor(await clipInput.getMimeType())
    const track = await soundInput.getPrimaryAudioTrack().catch(() => null)
    if (!track?.codec || !(['aac', 'opus'] as AudioCodec[]).includes(track.codec)) return undefined
    if (!format.getSupportedAudioCodecs().includes(track.codec)) return undefined
    return await track.computeDuration()
  } catch {
    // Not a container mediabunny reads (a WAV it does not know, say): the sound is decoded instead.
    return undefined
  } finally {
    clipInput.dispose()
    soundInput.dispose()
  }
}

async function copyPicture(picture: InputVideoTrack, source: EncodedVideoPacketSource, signal?: AbortSignal): Promise<void> {
  const decoderConfig = await picture.getDecoderConfig()
  if (!decoderConfig) throw new Error('this clip’s picture has no decoder configuration to copy')
  let first = true
  for await (const packet of new EncodedPacketSink(picture).packets()) {
    signal?.throwIfAborted()
    await source.add(packet, first ? { decoderConfig } : undefined)
    first = false
  }
}

async function copySound(track: InputAudioTrack, source: EncodedAudioPacketSource, signal?: AbortSignal): Promise<void> {
  const decoderConfig = await track.getDecoderConfig()
  if (!decoderConfig) throw new Error('this sound has no decoder configuration to copy')
  let first = true
  for await (const packet of new EncodedPacketSink(track).packets()) {
    signal?.throwIfAborted()
    await source.add(packet, first ? { decoderConfig } : undefined)
    first = false
  }
}

function audioBufferOf({ sampleRate, channels }: SoundSamples): AudioBuffer {
  const buffer = new AudioBuffer({ numberOfChannels: channels.length, length: channels[0]!.length, sampleRate })
  channels.forEach((channel, index) => buffer.copyToChannel(channel, index))
  return buffer
}
