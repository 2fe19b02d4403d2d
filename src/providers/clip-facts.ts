import { ALL_FORMATS, BlobSource, Input } from 'mediabunny'
import type { GeneratedClip } from './provider'

/** What a clip's container says about it; read without decoding, so it works wherever the adapter runs. */
export interface ContainerFacts {
  width: number
  height: number
  fps: number
  frameCount: number
  durationS: number
  hasAudio: boolean
  /** The container's media type, without its codecs. */
  mime: string
}

/** A clip's facts from its container, or undefined when the file has no picture. */
export async function readContainerFacts(video: Blob): Promise<ContainerFacts | undefined> {
  const input = new Input({ source: new BlobSource(video), formats: ALL_FORMATS })
  try {
    const picture = await input.getPrimaryVideoTrack().catch(() => null)
    if (!picture) return undefined
    const [stats, durationS, audio, mime] = await Promise.all([picture.computePacketStats(), input.computeDuration(), input.getPrimaryAudioTrack(), input.getMimeType()])
    return {
      width: picture.displayWidth,
      height: picture.displayHeight,
      fps: stats.averagePacketRate,
      frameCount: stats.packetCount,
      durationS,
      hasAudio: audio !== null,
      mime: mime.split(';')[0] ?? 'video/mp4',
    }
  } finally {
    input.dispose()
  }
}

/**
 * A downloaded clip's facts, read from its container: a back end's word for size and length is
 * checked against the file itself.
 */
export async function clipFromDownload(video: Blob, provider: string): Promise<GeneratedClip> {
  const facts = await readContainerFacts(video)
  if (!facts) throw new Error(`${provider} sent back a file that is not a clip (${video.type || 'unknown type'}, ${video.size} bytes)`)
  const { width, height, fps, durationS, hasAudio, mime } = facts
  return { video: video.type ? video : new Blob([video], { type: mime }), width, height, fps, durationS, hasAudio }
}
