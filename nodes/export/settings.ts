/** What an export writes, checked before any frame is encoded. */
import type { EncodeSettings } from '../../src/media/video/render'

export const containers = ['mp4', 'webm', 'mov'] as const
export const videoCodecs = ['h264', 'vp9', 'av1'] as const
export const audioCodecs = ['aac', 'opus', 'pcm'] as const
/** Delivery presets: `web` (MP4, H.264 High, index in front) and `resolve` (MOV, H.264 at its best, PCM 24-bit 48 kHz). */
export const presets = ['web', 'resolve'] as const

export interface ExportChoice {
  container: (typeof containers)[number]
  videoCodec?: (typeof videoCodecs)[number]
  audioCodec?: (typeof audioCodecs)[number]
  /** Megabits per second of picture. */
  videoBitrate?: number
  preset?: (typeof presets)[number]
}

/** mediabunny's names for the codecs, as the filmmaker's names map to them. */
const MEDIABUNNY_VIDEO = { h264: 'avc', vp9: 'vp9', av1: 'av1' } as const
const MEDIABUNNY_AUDIO = { aac: 'aac', opus: 'opus', pcm: 'pcm-s24' } as const

/**
 * What each preset writes. A finishing suite gets PCM: QuickTime, Premiere and Resolve do not read
 * Opus in MP4 or MOV, and this browser cannot encode AAC.
 */
const PRESETS: Record<(typeof presets)[number], EncodeSettings> = {
  web: { container: 'mp4', videoCodec: 'avc' },
  resolve: { container: 'mov', videoCodec: 'avc', bestQuality: true, audioCodec: 'pcm-s24', audioSampleRate: 48_000 },
}

/** WebM holds only royalty-free codecs; MP4 holds all of these. */
const WEBM_REFUSES = new Set<string>(['h264', 'aac', 'pcm'])

export function encodeSettings(choice: ExportChoice): EncodeSettings {
  if (choice.preset) return { ...PRESETS[choice.preset] }
  const { container, videoCodec, audioCodec, videoBitrate } = choice
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
  if (videoBitrate !== undefined) settings.videoBitrate = Math.round(videoBitrate * 1e6)
  return settings
}

/** `dusk-take3.mov` exported to WebM → `dusk-take3.webm`. */
export function exportName(sourceName: string | undefined, container: EncodeSettings['container']): string {
  const stem = (sourceName ?? 'reelgraph-export').replace(/\.[^./\\]+$/, '')
  return `${stem || 'reelgraph-export'}.${container}`
}
