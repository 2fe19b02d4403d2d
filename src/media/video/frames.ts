/*
 * A few frames of a clip, spread over its length, for what looks at the picture as a whole (a
 * shot's color statistics, say) rather than at every frame.
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny'
import { isUntagged, rgbaReader, type RgbaFrame } from './rgba'

/** Calls `look` with `count` frames at evenly spaced times; the frame's buffer is reused between calls. */
export async function lookAtFrames(file: Blob, count: number, look: (frame: RgbaFrame) => void, signal?: AbortSignal): Promise<void> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS })
  try {
    const picture = await input.getPrimaryVideoTrack()
    if (!picture) throw new Error('this file has no picture (no video track)')
    const [start, duration] = await Promise.all([picture.getFirstTimestamp(), picture.computeDuration()])
    const span = duration - start
    const times = Array.from({ length: count }, (_, index) => start + (span * (index + 0.5)) / count)
    const read = rgbaReader(await isUntagged(picture))
    for await (const sample of new VideoSampleSink(picture).samplesAtTimestamps(times)) {
      if (!sample) continue
      try {
        signal?.throwIfAborted()
        look(await read(sample))
      } finally {
        sample.close()
      }
    }
  } finally {
    input.dispose()
  }
}
