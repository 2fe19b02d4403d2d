import { ALL_FORMATS, BlobSource, Input } from 'mediabunny'
import type { GeneratedClip } from './provider'

/**
 * A downloaded clip's facts, read from its container (no decoding, so it works wherever the
 * adapter runs): a back end's word for size and length is checked against the file itself.
 */
export async function clipFromDownload(video: Blob, provider: string): Promise<GeneratedClip> {
  const input = new Input({ source: new BlobSource(video), formats: ALL_FORMATS })
  try {
    const picture = await input.getPrimaryVideoTrack().catch(() => null)
    if (!picture) throw new Error(`${provider} sent back a file that is not a clip (${video.type || 'unknown type'}, ${video.size} bytes)`)
    const [stats, durationS, audio, mime] = await Promise.all([picture.computePacketStats(), input.computeDuration(), input.getPrimaryAudioTrack(), input.getMimeType()])
    return {
      video: video.type ? video : new Blob([video], { type: mime.split(';')[0] ?? 'video/mp4' }),
      width: picture.displayWidth,
      height: picture.displayHeight,
      fps: stats.averagePacketRate,
      durationS,
      hasAudio: audio !== null,
    }
  } finally {
    input.dispose()
  }
}
