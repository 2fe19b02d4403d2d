/*
 * Encodes pictures drawn one frame at a time, with an optional sound track, into a new clip: the
 * other way into a file besides `renderClip`, for clips made rather than changed (a previz render).
 * Each frame is drawn on one canvas and encoded before the next is drawn, so memory holds one frame
 * whatever the clip's length; the encoder's back-pressure paces the drawing.
 *
 * The sound is Opus: this browser encodes it but not AAC, and both MP4 and WebM take it.
 */
import {
  AudioSample,
  AudioSampleSource,
  BufferTarget,
  CanvasSource,
  Output,
  QUALITY_HIGH,
} from 'mediabunny'
import { blobOfBytes } from '../blob-of-bytes'
import { zeroMp4Times } from './mp4-times'
import { codecsOf, outputFormat, type Container, type RenderedClip } from './render'

export interface DrawnSound {
  /** One array of samples per channel, all the same length. */
  channels: readonly Float32Array[]
  sampleRate: number
}

export interface FrameEncodeJob {
  width: number
  height: number
  fps: number
  frameCount: number
  /** Draws frame `index` on the canvas, replacing what was there. */
  drawFrame(context: OffscreenCanvasRenderingContext2D, index: number): void
  sound?: DrawnSound
  /** MP4 (H.264 + Opus) unless WebM (VP9 + Opus) is asked for. */
  container?: Container
  signal?: AbortSignal
  /** From 0 to 1. */
  onProgress?: (fraction: number) => void
}

export async function encodeFrames(job: FrameEncodeJob): Promise<RenderedClip> {
  const { width, height, fps, frameCount, sound, signal, container = 'mp4' } = job
  signal?.throwIfAborted()
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')
  if (!context) throw new Error('this browser gives no 2D canvas to draw on')
  const target = new BufferTarget()
  const output = new Output({
    format: outputFormat(container),
    target,
  })
  const picture = new CanvasSource(canvas, { codec: container === 'webm' ? 'vp9' : 'avc', bitrate: QUALITY_HIGH })
  output.addVideoTrack(picture, { frameRate: fps })
  const audio = sound ? new AudioSampleSource({ codec: 'opus', bitrate: 96_000 }) : undefined
  if (audio) output.addAudioTrack(audio)
  await output.start()
  try {
    let soundWritten = 0
    for (let index = 0; index < frameCount; index++) {
      signal?.throwIfAborted()
      job.drawFrame(context, index)
      await picture.add(index / fps, 1 / fps)
      // The sound goes in alongside the picture, a second ahead, so the muxer interleaves as it goes.
      if (audio && sound) soundWritten = await addSoundUntil(audio, sound, soundWritten, (index + 1) / fps + 1)
      job.onProgress?.((index + 1) / frameCount)
    }
    if (audio && sound) await addSoundUntil(audio, sound, soundWritten, Infinity)
    await output.finalize()
  } catch (error) {
    await output.cancel()
    throw error
  }
  if (!target.buffer) throw new Error('the encoder finished without writing a file')
  if (container !== 'webm') zeroMp4Times(new Uint8Array(target.buffer))
  const mime = await output.getMimeType()
  return { blob: blobOfBytes(target.buffer, mime.split(';')[0]), codecs: codecsOf(mime) }
}

/** Adds the sound from sample `from` up to `untilS` seconds; gives the sample it stopped at. */
async function addSoundUntil(source: AudioSampleSource, sound: DrawnSound, from: number, untilS: number): Promise<number> {
  const { channels, sampleRate } = sound
  const length = channels[0]?.length ?? 0
  const to = Math.min(length, Math.round(untilS * sampleRate))
  if (to <= from) return from
  const frames = to - from
  const planar = new Float32Array(frames * channels.length)
  channels.forEach((channel, index) => planar.set(channel.subarray(from, to), index * frames))
  const sample = new AudioSample({ data: planar, format: 'f32-planar', numberOfChannels: channels.length, sampleRate, timestamp: from / sampleRate })
  try {
    await source.add(sample)
  } finally {
    sample.close()
  }
  return to
}
