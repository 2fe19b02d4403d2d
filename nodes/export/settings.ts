/** What an export writes, checked before any frame is encoded. */
import { VIDEO_QUALITIES, type EncodeSettings, type FrameResize, type VideoQuality } from '../../src/media/video/render'
import { fileTimecodeOf } from '../../src/media/video/frame-span'

export const containers = ['mp4', 'webm', 'mov'] as const
export const videoCodecs = ['h264', 'vp9', 'av1'] as const
export const audioCodecs = ['aac', 'opus', 'pcm'] as const
/**
 * Delivery presets: `web` (MP4, H.264 High, index in front), `resolve` (MOV, H.264 at its best, PCM
 * 24-bit 48 kHz), `archive` (Matroska, near-lossless VP9, PCM) and `vertical` (the Web file reframed
 * to 1080×1920).
 */
export const presets = ['web', 'resolve', 'archive', 'vertical'] as const
export type Preset = (typeof presets)[number]

export interface ExportChoice {
  container: (typeof containers)[number]
  videoCodec?: (typeof videoCodecs)[number]
  audioCodec?: (typeof audioCodecs)[number]
  quality?: VideoQuality
  preset?: Preset
}

/** mediabunny's names for the codecs, as the filmmaker's names map to them. */
const MEDIABUNNY_VIDEO = { h264: 'avc', vp9: 'vp9', av1: 'av1' } as const
const MEDIABUNNY_AUDIO = { aac: 'aac', opus: 'opus', pcm: 'pcm-s24' } as const

/**
 * VP9's quantizer for a master (0–63, lower is finer). At 4 the Archive file keeps 46.9 dB (RGB PSNR,
 * read by ffmpeg) of a grainy 1080p input at 131 Mbit/s, where the Resolve preset's H.264 keeps 36.9
 * at 9 (README, "One pass"); test/e2e/delivery.test.ts holds it above Resolve and over 45 dB on every
 * frame. 0 is lossless here, but 45 % larger on that clip, and the file is built in memory.
 */
const ARCHIVE_QUANTIZER = 4

/**
 * What each preset writes. A finishing suite gets PCM: QuickTime, Premiere and Resolve do not read
 * Opus in MP4 or MOV, and this browser cannot encode AAC.
 */
const PRESETS: Record<Preset, EncodeSettings> = {
  web: { container: 'mp4', videoCodec: 'avc' },
  resolve: { container: 'mov', videoCodec: 'avc', videoQuality: 'very-high', audioCodec: 'pcm-s24', audioSampleRate: 48_000 },
  // The best this browser encodes: its H.264 takes only a bitrate, which it does not hold (a noisy
  // clip loses detail at any asked rate), while its VP9 takes a constant quantizer. Matroska holds
  // VP9 with uncompressed sound, and is what archives keep masters in. (The 39 dB the one-pass bench
  // once read for it was ffmpeg pairing its millisecond timestamps with the wrong frames.)
  archive: { container: 'mkv', videoCodec: 'vp9', videoQuantizer: ARCHIVE_QUANTIZER, audioCodec: 'pcm-s24', audioSampleRate: 48_000 },
  vertical: { container: 'mp4', videoCodec: 'avc' },
}

/** The size of a vertical (9:16) delivery: what phones' stories and shorts take. */
export const VERTICAL = { width: 1080, height: 1920 } as const

/**
 * The Vertical preset's reframe of a `width`×`height` clip: a centre crop to 9:16, then Lanczos to
 * 1080×1920. A crop rather than bars: a vertical feed fills the phone's screen, and a landscape
 * frame fitted inside it would be a strip a third of the height.
 */
export function verticalReframe(width: number, height: number): FrameResize {
  const even = (n: number) => 2 * Math.floor(n / 2)
  const tall = width * VERTICAL.height <= height * VERTICAL.width
  const cropWidth = tall ? even(width) : even((height * VERTICAL.width) / VERTICAL.height)
  const cropHeight = tall ? even((width * VERTICAL.height) / VERTICAL.width) : even(height)
  return { ...VERTICAL, crop: { x: even((width - cropWidth) / 2), y: even((height - cropHeight) / 2), width: cropWidth, height: cropHeight } }
}

/** WebM holds only royalty-free codecs; MP4 holds all of these. */
const WEBM_REFUSES = new Set<string>(['h264', 'aac', 'pcm'])

export function encodeSettings(choice: ExportChoice): EncodeSettings {
  if (choice.preset) return { ...PRESETS[choice.preset] }
  const { container, videoCodec, audioCodec, quality } = choice
  if (container === 'webm') {
    for (const codec of [videoCodec, audioCodec]) {
      if (codec && WEBM_REFUSES.has(codec)) {
        throw new Error(`a WebM file cannot hold ${codec === 'h264' ? 'H.264; choose VP9 or AV1' : codec === 'aac' ? 'AAC; choose Opus' : 'PCM; choose Opus'}, or export to MP4`)
      }
    }
  }
  const settings: EncodeSettings = { container }
  if (videoCodec) settings.videoCodec = MEDIABUNNY_VIDEO[videoCodec]
  if (audioCodec) settings.audioCodec = MEDIABUNNY_AUDIO[audioCodec]
  if (quality !== undefined) settings.videoQuality = quality
  return settings
}

export const qualities = VIDEO_QUALITIES

/**
 * The quality a version-1 export's `videoBitrate` (Mbit/s) asked for: the level whose H.264 bitrate
 * for 1080p in mediabunny's table (1.8, 3, 6 and 12 Mbit/s) is nearest, on a log scale.
 */
export function qualityForBitrate(megabits: number): VideoQuality {
  if (megabits < 2.3) return 'low'
  if (megabits < 4.2) return 'medium'
  if (megabits < 8.5) return 'high'
  return 'very-high'
}

/** `dusk-take3.mov` exported to WebM → `dusk-take3.webm`. */
export function exportName(sourceName: string | undefined, container: EncodeSettings['container']): string {
  const stem = (sourceName ?? 'reelgraph-export').replace(/\.[^./\\]+$/, '')
  return `${stem || 'reelgraph-export'}.${container}`
}

/**
 * The start timecode the file gets: the one asked for, else the clip's own (`startTimecode` in its
 * meta: a sequence's, so the file lines up with the sequence's EDL, or a camera file's, moved on to
 * where a trim starts in it), else none. Only MP4 and MOV hold one (a QuickTime timecode track): one
 * asked for in another container is refused, the clip's own is left out.
 */
export function startTimecodeFor(asked: string | undefined, clipMeta: Record<string, unknown>, container: EncodeSettings['container']): string | undefined {
  const holdsTimecode = container === 'mp4' || container === 'mov'
  if (asked !== undefined) {
    if (!holdsTimecode) throw new Error(`a ${container === 'mkv' ? 'Matroska' : 'WebM'} file holds no start timecode; export to MP4 or MOV, or leave Start timecode empty`)
    return asked
  }
  // The clip's own first frame in its file's timecode: a trimmed camera clip starts where the trim does.
  const fps = typeof clipMeta.fps === 'number' ? clipMeta.fps : undefined
  return holdsTimecode ? fileTimecodeOf(clipMeta, 0, fps) : undefined
}
