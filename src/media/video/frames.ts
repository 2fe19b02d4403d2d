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

/** Which frame of a clip: its first, its last, or the one showing at a time in seconds. */
export type FramePick = 'first' | 'last' | number

/**
 * One frame of a clip as RGBA pixels of its own (not reused), with the time it shows from. A time
 * past the end gives the last frame, as a player paused there would show it.
 */
export async function frameOf(file: Blob, pick: FramePick): Promise<RgbaFrame & { timestampS: number }> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS })
  try {
    const picture = await input.getPrimaryVideoTrack()
    if (!picture) throw new Error('this file has no picture (no video track)')
    const [start, end] = await Promise.all([picture.getFirstTimestamp(), picture.computeDuration()])
    const time = pick === 'first' ? start : pick === 'last' ? end : Math.min(end, start + pick)
    const sink = new VideoSampleSink(picture)
    // The sample at the very end is past the last frame's start, so the last frame is what shows.
    const sample = (await sink.getSample(time)) ?? (await sink.getSample(start))
    if (!sample) throw new Error('this clip has no frame to take')
    try {
      const read = rgbaReader(await isUntagged(picture))
      const frame = await read(sample)
      return { ...frame, pixels: frame.pixels.slice(), timestampS: sample.timestamp }
    } finally {
      sample.close()
    }
  } finally {
    input.dispose()
  }
}
