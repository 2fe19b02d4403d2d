/** What an export writes, checked before any frame is encoded. */
import type { EncodeSettings } from '../../src/media/video/render'

export const containers = ['mp4', 'webm'] as const
export const videoCodecs = ['h264', 'vp9', 'av1'] as const
export const audioCodecs = ['aac', 'opus'] as const

export interface ExportChoice {
  container: (typeof containers)[number]
  videoCodec?: (typeof videoCodecs)[number]
  audioCodec?: (typeof audioCodecs)[number]
  /** Megabits per second of picture. */
  videoBitrate?: number
}

/** mediabunny's names for the codecs, as the filmmaker's names map to them. */
const MEDIABUNNY_VIDEO = { h264: 'avc', vp9: 'vp9', av1: 'av1' } as const

/** WebM holds only royalty-free codecs; MP4 holds all of these. */
const WEBM_REFUSES = new Set<string>(['h264', 'aac'])

export function encodeSettings(choice: ExportChoice): EncodeSettings {
  const { container, videoCodec, audioCodec, videoBitrate } = choice
  if (container === 'webm') {
    for (const codec of [videoCodec, audioCodec]) {
      if (codec && WEBM_REFUSES.has(codec)) {
        throw new Error(`a WebM file cannot hold ${codec === 'h264' ? 'H.264; choose VP9 or AV1' : 'AAC; choose Opus'}, or export to MP4`)
      }
    }
  }
  const settings: EncodeSettings = { container }
  if (videoCodec) settings.videoCodec = MEDIABUNNY_VIDEO[videoCodec]
  if (audioCodec) settings.audioCodec = audioCodec
  if (videoBitrate !== undefined) settings.videoBitrate = Math.round(videoBitrate * 1e6)
  return settings
}

/** `dusk-take3.mov` exported to WebM → `dusk-take3.webm`. */
export function exportName(sourceName: string | undefined, container: ExportChoice['container']): string {
  const stem = (sourceName ?? 'reelgraph-export').replace(/\.[^./\\]+$/, '')
  return `${stem || 'reelgraph-export'}.${container}`
}
