/*
 * Which of a clip's frames a trim keeps, and where they came from. A trim's in and out points are
 * snapped to the clip's own frame boundaries, so the cut keeps whole frames only, at any frame rate
 * and in any container; the frames kept are recorded as a span of the original file, so an edit list
 * can name the exact frames of that file.
 */
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input } from 'mediabunny'
import { z } from 'zod'
import { framesAsTimecode, isDropFrame, TIMECODE_PATTERN, timecodeFrames } from './timecode-track'

/** A run of frames of the file a clip was cut from, counted in that file's frames from its first. */
export const frameSpanSchema = z.object({
  /** The file's frame rate. */
  fps: z.number().positive(),
  /** The first frame kept (0 is the file's first frame). */
  first: z.number().int().nonnegative(),
  /** How many frames follow it, that one included. */
  frames: z.number().int().positive(),
  /** How many frames the whole file has. */
  fileFrames: z.number().int().positive(),
})
export type FrameSpan = z.infer<typeof frameSpanSchema>

/** The asset meta key a trimmed clip carries its span under; nodes that keep timing pass it on. */
export const FRAME_SPAN_KEY = 'frameSpan'

/**
 * Frame `frame` of a clip in its file's own timecode, as the EDL lists it: the file's start timecode
 * (`startTimecode` in the clip's meta: a camera's, read on import, or a sequence's or export's), plus
 * the frames the clip starts into that file (`frameSpan.first`: a trim before), plus `frame`. `fps`
 * is the clip's rate, the file's when no trim recorded a span. None without a start timecode, or
 * with one that is no timecode at the file's rate (meta a bundle could carry).
 */
export function fileTimecodeOf(meta: Record<string, unknown>, frame: number, fps: number | undefined): string | undefined {
  const start = meta.startTimecode
  if (typeof start !== 'string' || !TIMECODE_PATTERN.test(start)) return undefined
  const span = frameSpanSchema.safeParse(meta[FRAME_SPAN_KEY])
  const fileFps = span.success ? span.data.fps : fps
  if (fileFps === undefined || !(fileFps > 0)) return undefined
  const into = span.success ? span.data.first : 0
  try {
    return framesAsTimecode(timecodeFrames(start, fileFps) + into + frame, fileFps, isDropFrame(start))
  } catch {
    return undefined
  }
}

/** The span a clip's meta records, or its whole self when it was never trimmed. */
export function frameSpanOf(meta: Record<string, unknown>, whole: { fps: number; frameCount: number }): FrameSpan {
  const recorded = frameSpanSchema.safeParse(meta[FRAME_SPAN_KEY])
  if (recorded.success) return recorded.data
  return { fps: whole.fps, first: 0, frames: whole.frameCount, fileFrames: whole.frameCount }
}

/** Closer than this to half way between two frame starts counts as half way. */
const TIE_S = 1e-9

/** The frames a trim keeps: their indices, and the timestamps (in the file's seconds) that bound them. */
export interface KeptFrames {
  first: number
  count: number
  /** The first kept frame's timestamp. */
  startS: number
  /** Where the frame after the last kept one starts, or the clip's end. */
  endS: number
}

/**
 * Snaps a range, in seconds from the clip's first frame, to frame boundaries: the in point moves to
 * the nearest frame start, and so does the out point, so 0.5–1.5 s of a 29.97 fps clip keeps frames
 * 15 to 44 (30 frames), as an editor's timeline counts them. `timestamps` are the frames' start
 * times in presentation order, `endS` the clip's end.
 */
export function keptFrames(timestamps: readonly number[], clipEndS: number, range: { startS: number; endS: number }): KeptFrames {
  if (timestamps.length === 0) throw new Error('the clip has no frames')
  const origin = timestamps[0]!
  const startOf = (index: number) => (index < timestamps.length ? timestamps[index]! : clipEndS)
  /** The first frame whose start is at or past `seconds`, or nearer to it than its predecessor's. */
  const boundary = (seconds: number) => {
    const at = origin + seconds
    let index = 0
    // A point half way between two frame starts goes to the later one, whatever the float rounding.
    while (index < timestamps.length && startOf(index + 1) - at <= at - startOf(index) + TIE_S) index++
    return index
  }
  const first = boundary(range.startS)
  const end = Math.min(timestamps.length, boundary(range.endS))
  if (first >= timestamps.length) throw new Error(`the in point (${range.startS} s) is at or past the clip’s last frame`)
  if (end <= first) {
    throw new Error(`the in point (${range.startS} s) and the out point (${range.endS} s) fall on the same frame boundary; keep at least one frame`)
  }
  return { first, count: end - first, startS: startOf(first), endS: startOf(end) }
}

/** The start times of a clip's frames in presentation order, and where its last frame ends. */
export async function frameTimestamps(file: Blob): Promise<{ timestamps: number[]; endS: number }> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS })
  try {
    const track = await input.getPrimaryVideoTrack()
    if (!track) throw new Error('this file has no picture (no video track)')
    const timestamps: number[] = []
    let endS = 0
    for await (const packet of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) {
      timestamps.push(packet.timestamp)
      endS = Math.max(endS, packet.timestamp + packet.duration)
    }
    // Packets come in decode order; B-frames put presentation order elsewhere.
    timestamps.sort((a, b) => a - b)
    return { timestamps, endS }
  } finally {
    input.dispose()
  }
}
