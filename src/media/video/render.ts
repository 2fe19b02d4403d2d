/*
 * Renders a clip into a new file, streaming: demux → decode → (change the pixels) → encode → mux, one
 * frame at a time. mediabunny's Conversion drives the pipeline and awaits the encoder and the muxer
 * before it decodes more, so a slow encoder holds decoding back instead of filling memory with frames.
 *
 * What is copied and what is re-encoded:
 * - the picture is copied packet for packet when nothing about it changes (same codec, no pixel
 *   change, no trim, no quality asked for), and re-encoded otherwise; a trim always re-encodes the
 *   picture, so it starts and ends on the exact frame rather than on the nearest key frame;
 * - the sound is copied packet for packet whenever the container takes its codec (AAC into MP4: this
 *   browser decodes AAC but cannot encode it), and encoded (Opus by default) only when it must be.
 *
 * Runs on the page's main thread for now; nothing here needs the DOM beyond WebCodecs and
 * VideoFrame, so the same function can move into a worker.
 */
import {
  BlobSource,
  BufferTarget,
  Conversion,
  ConversionCanceledError,
  ALL_FORMATS,
  Input,
  MkvOutputFormat,
  MovOutputFormat,
  Mp4OutputFormat,
  Output,
  Quality,
  WebMOutputFormat,
  type AudioCodec,
  type ConversionAudioOptions,
  type ConversionVideoOptions,
  VideoSample,
  type VideoCodec,
} from 'mediabunny'
import { blobOfBytes } from '../blob-of-bytes'
import type { Grade } from '../color/apply'
import { frameGrader } from './grade-frames'
import { frameResizer } from './resize-frames'
import { zeroMp4Times } from './mp4-times'
import { isUntagged, rgbaReader, untaggedRetagger, type RgbaFrame } from './rgba'

export type Container = 'mp4' | 'webm' | 'mov' | 'mkv'

export const VIDEO_CODECS = ['avc', 'vp9', 'av1', 'vp8'] as const satisfies readonly VideoCodec[]
export const AUDIO_CODECS = ['aac', 'opus', 'pcm-s24'] as const satisfies readonly AudioCodec[]
export const VIDEO_QUALITIES = ['low', 'medium', 'high', 'very-high'] as const
export type VideoQuality = (typeof VIDEO_QUALITIES)[number]

export interface EncodeSettings {
  container: Container
  /** Defaults to H.264 (`avc`) in MP4 and VP9 in WebM. */
  videoCodec?: (typeof VIDEO_CODECS)[number]
  /** Defaults to copying the clip's sound when the container takes its codec, Opus otherwise. */
  audioCodec?: (typeof AUDIO_CODECS)[number]
  /**
   * How good the picture should be, as mediabunny's quality levels; its high quality for the frame
   * size when not given. A quality, not a bitrate: this browser's H.264 encoder does not hold an
   * asked bitrate (docs/architecture.md, Media), so the caller measures what came out.
   */
  videoQuality?: VideoQuality
  /**
   * A constant quantizer instead (VP9 and AV1, which this browser encodes that way; lower is
   * better), for a master that keeps nearly every detail whatever the bitrate.
   */
  videoQuantizer?: number
  /** Resamples the sound when it is encoded: 48 000 for PCM a finishing suite takes. */
  audioSampleRate?: number
}

/** The muxer for a container; MP4 and MOV with the index in front, so a player starts at once. */
export function outputFormat(container: Container): Mp4OutputFormat | MovOutputFormat | WebMOutputFormat | MkvOutputFormat {
  if (container === 'webm') return new WebMOutputFormat()
  if (container === 'mkv') return new MkvOutputFormat()
  return container === 'mov' ? new MovOutputFormat({ fastStart: 'in-memory' }) : new Mp4OutputFormat({ fastStart: 'in-memory' })
}

/** A rectangle of the frame in pixels; even numbers, so 4:2:0 chroma is cut on its own samples. */
export interface CropRect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * A new frame size for the whole clip, reached with Lanczos (see resize-frames.ts), or with
 * `resample` when given: it gets each frame as RGBA and returns the pixels at `width`×`height`
 * (their buffer may be reused by the next frame, since the encoder's frame copies it). It may take
 * its time (ESRGAN runs in a worker): the next frame waits.
 */
export interface FrameResize {
  width: number
  height: number
  /** The part of each frame to keep before resizing (a reframe); the whole frame when not given. */
  crop?: CropRect
  resample?: (frame: RgbaFrame) => Uint8Array | Promise<Uint8Array>
}

/** One change to every frame's pixels. */
export type PictureStep = { grade: Grade } | { resize: FrameResize }

export interface RenderJob {
  settings: EncodeSettings
  /**
   * The part of the clip to keep, as timestamps of the source. Give frame boundaries (see
   * frame-span.ts): a frame the range cuts into is kept for the part inside it.
   */
  range?: { startS: number; endS: number }
  /**
   * A color grade, applied in the decoded frame's own Y'CbCr planes where it can be (see
   * grade-frames.ts); with `resize` too, graded then resized in the same pass, encoded once.
   */
  grade?: Grade
  resize?: FrameResize
  /**
   * Any number of grades and resizes in the order given, all in the same pass and encoded once: a
   * chain of pixel nodes rendered from its recipe (recipe.ts). Run after `grade` and `resize`.
   */
  steps?: readonly PictureStep[]
  /** Called as each frame leaves the picture stage (grade or resize) with the milliseconds it spent there. */
  onFrame?: (stageMs: number) => void
  /** Re-encode the picture even when nothing changes it (a plain transcode). */
  reencode?: boolean
  signal?: AbortSignal
  /** From 0 to 1. */
  onProgress?: (fraction: number) => void
}

export interface RenderedClip {
  /** Typed with the bare container type, `video/mp4` or `video/webm`. */
  blob: Blob
  /** The codec strings of the file's tracks, picture first: `['avc1.640028', 'mp4a.40.2']`. */
  codecs: string[]
}

const DEFAULT_VIDEO_CODEC: Record<Container, VideoCodec> = { mp4: 'avc', webm: 'vp9', mov: 'avc', mkv: 'vp9' }

export async function renderClip(source: Blob, job: RenderJob): Promise<RenderedClip> {
  const { settings, signal } = job
  signal?.throwIfAborted()
  const input = new Input({ source: new BlobSource(source), formats: ALL_FORMATS })
  const target = new BufferTarget()
  const output = new Output({
    format: outputFormat(settings.container),
    target,
  })
  let stage: PictureStage | undefined
  try {
    const picture = await input.getPrimaryVideoTrack()
    const untagged = picture !== null && (await isUntagged(picture))
    stage = pictureStage(job, untagged, picture !== null && reencodesPicture(job, picture.codec))
    const conversion = await Conversion.init({
      input,
      output,
      tracks: 'primary',
      video: videoOptions(job, stage),
      audio: audioOptions(settings),
      ...(job.range ? { trim: { start: job.range.startS, end: job.range.endS } } : {}),
      showWarnings: false,
    })
    refuseLostTracks(conversion)
    if (job.onProgress) conversion.onProgress = job.onProgress
    const cancel = () => void conversion.cancel()
    signal?.addEventListener('abort', cancel, { once: true })
    try {
      await conversion.execute()
    } catch (error) {
      if (error instanceof ConversionCanceledError && signal?.aborted) throw signal.reason
      throw error
    } finally {
      signal?.removeEventListener('abort', cancel)
    }
    if (!target.buffer) throw new Error('the encoder finished without writing a file')
    if (settings.container === 'mp4' || settings.container === 'mov') zeroMp4Times(new Uint8Array(target.buffer))
    const mime = await output.getMimeType()
    return { blob: blobOfBytes(target.buffer, mime.split(';')[0]), codecs: codecsOf(mime) }
  } finally {
    stage?.close()
    input.dispose()
  }
}

/** The per-frame work a render does to the picture, if any, and how to let go of its workers. */
interface PictureStage {
  process: (sample: VideoSample) => Promise<VideoFrame>
  close(): void
}

function pictureStage(job: RenderJob, untagged: boolean, reencoded: boolean): PictureStage | undefined {
  const steps = pictureSteps(job)
  // Only the first stage reads the decoded frame; each later one reads a frame that says what its pixels are.
  const stages = steps.map((step, index) => stageFor(step, untagged && index === 0))
  const [first, ...rest] = stages
  if (first) return rest.reduce(chained, first)
  // An untagged clip re-encoded as it is (a transcode, a trim, a quality): the same pixels, tagged.
  if (untagged && reencoded) return { process: untaggedRetagger(), close: () => {} }
  return undefined
}

/** Every step of the job in the order it runs: `grade`, `resize`, then `steps`. */
function pictureSteps(job: RenderJob): PictureStep[] {
  return [...(job.grade ? [{ grade: job.grade }] : []), ...(job.resize ? [{ resize: job.resize }] : []), ...(job.steps ?? [])]
}

function stageFor(step: PictureStep, untagged: boolean): PictureStage {
  return 'grade' in step ? frameGrader(step.grade, untagged) : resizeStage(step.resize, untagged)
}

function resizeStage(resize: FrameResize, untagged: boolean): PictureStage {
  return resize.resample ? rgbaResizer(resize, resize.resample, untagged) : frameResizer(resize, untagged)
}

/** Two stages in one pass: each frame the first makes is handed to the second, then let go. */
function chained(first: PictureStage, second: PictureStage): PictureStage {
  return {
    process: async (sample) => {
      const between = new VideoSample(await first.process(sample))
      try {
        return await second.process(between)
      } finally {
        between.close()
      }
    },
    close: () => {
      first.close()
      second.close()
    },
  }
}

/** A resize by a caller's own RGBA resampler (ESRGAN): each frame read back as RGBA and handed over. */
function rgbaResizer(size: FrameResize, resample: NonNullable<FrameResize['resample']>, untagged: boolean): PictureStage {
  const read = rgbaReader(untagged)
  return {
    process: async (sample) => {
      const pixels = await resample(await read(sample))
      return new VideoFrame(pixels, {
        format: 'RGBA',
        codedWidth: size.width,
        codedHeight: size.height,
        timestamp: sample.microsecondTimestamp,
        duration: sample.microsecondDuration,
      })
    },
    close: () => {},
  }
}

/** Whether the picture is encoded again rather than copied packet for packet. */
function forcesReencode(job: RenderJob): boolean {
  const { settings, range, reencode = false } = job
  return reencode || pictureSteps(job).length > 0 || range !== undefined || settings.videoQuality !== undefined || settings.videoQuantizer !== undefined
}

function reencodesPicture(job: RenderJob, sourceCodec: VideoCodec | null): boolean {
  return forcesReencode(job) || sourceCodec !== targetVideoCodec(job.settings)
}

function targetVideoCodec(settings: EncodeSettings): VideoCodec {
  return settings.videoCodec ?? DEFAULT_VIDEO_CODEC[settings.container]
}

function videoOptions(job: RenderJob, stage: PictureStage | undefined): ConversionVideoOptions {
  const { settings, range } = job
  const resize = lastSize(job)
  const options: ConversionVideoOptions = { codec: targetVideoCodec(settings), forceTranscode: forcesReencode(job) }
  if (settings.videoQuantizer !== undefined) options.quality = new Quality({ quantizer: settings.videoQuantizer })
  else if (settings.videoQuality !== undefined) options.quality = new Quality(settings.videoQuality)
  if (stage) options.process = counted(stage.process, job.onFrame)
  if (range) options.process = withoutSlivers(options.process)
  if (resize) {
    // Tells the encoder the size the frames will have, before the first one arrives.
    options.processedWidth = resize.width
    options.processedHeight = resize.height
  }
  return options
}

/** The frame size the last resize of the job makes, if it has one. */
function lastSize(job: RenderJob): FrameResize | undefined {
  return pictureSteps(job)
    .flatMap((step) => ('resize' in step ? [step.resize] : []))
    .at(-1)
}

/**
 * A range on frame boundaries can still graze the frame before it by a rounding error of the
 * container's timescale; that sliver of a frame is dropped rather than encoded as a frame of its own.
 */
const SLIVER_S = 0.0005

function withoutSlivers(process: ConversionVideoOptions['process']): NonNullable<ConversionVideoOptions['process']> {
  return (sample) => {
    if (sample.duration < SLIVER_S) return null
    return process ? process(sample) : sample
  }
}

function audioOptions(settings: EncodeSettings): ConversionAudioOptions {
  const options: ConversionAudioOptions = settings.audioCodec ? { codec: settings.audioCodec } : {}
  if (settings.audioSampleRate !== undefined) options.sampleRate = settings.audioSampleRate
  return options
}

function counted(stage: (sample: VideoSample) => Promise<VideoFrame>, onFrame?: (stageMs: number) => void): (sample: VideoSample) => Promise<VideoFrame> {
  if (!onFrame) return stage
  return async (sample) => {
    const started = performance.now()
    const frame = await stage(sample)
    onFrame(performance.now() - started)
    return frame
  }
}

/** A track the output cannot carry is an error here, never a silently missing picture or sound. */
function refuseLostTracks(conversion: Conversion): void {
  for (const { track, reason } of conversion.discardedTracks) {
    const what = track.isVideoTrack() ? 'picture' : track.isAudioTrack() ? 'sound' : undefined
    if (!what || reason === 'discarded_by_user') continue
    const codec = track.codec ?? 'an unknown codec'
    const why =
      reason === 'undecodable_source_codec'
        ? `this browser cannot decode its ${what} (${codec})`
        : reason === 'no_encodable_target_codec'
          ? `this browser cannot encode the ${what} in a codec that container takes; choose another codec or container`
          : `the ${what} cannot go into this file (${reason.replaceAll('_', ' ')})`
    throw new Error(why)
  }
  if (!conversion.isValid) throw new Error('this clip cannot be written to that container')
}

/** `video/mp4; codecs="avc1.640028, mp4a.40.2"` → `['avc1.640028', 'mp4a.40.2']`. */
export function codecsOf(mime: string): string[] {
  const list = /codecs="?([^"]*)"?/.exec(mime)?.[1] ?? ''
  return list.split(',').map((codec) => codec.trim()).filter((codec) => codec !== '')
}
