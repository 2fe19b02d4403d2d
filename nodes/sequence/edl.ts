/*
 * The sequence's cut as a CMX 3600 EDL, the edit list every finishing tool imports (Resolve, Premiere,
 * Avid): one event a clip, in order, each with its source in and out and its record in and out.
 *
 * - The record side is timecode at the sequence's rate, from the cut's start timecode (01:00:00:00
 *   unless the node says otherwise, where a Resolve or Avid timeline starts).
 * - The source side names frames of the clip's file, counted from that file's first frame: a trimmed
 *   clip's event starts where the trim starts in the file. A file with its own start timecode (one
 *   Reelgraph exported or cut) is counted from it, in its own kind: drop-frame, with “;” before the
 *   frames, where the file's timecode is (CMX 3600 readers such as OpenTimelineIO's take the “;”
 *   of each timecode, so the source side can be drop-frame under a non-drop record side and the
 *   other way round). Generated clips carry no start timecode and count from 00:00:00:00.
 * - CMX 3600 holds one frame rate. A source at another rate than the sequence is written at its own
 *   rate (a 24 fps file's timecode counts 24 frames a second), as Resolve and Premiere read an EDL
 *   against the media; a comment under the event says its rate and that the event is approximate
 *   (a reader that counts every timecode at the record rate misplaces it). The .otio and .fcpxml
 *   hold such a cut exactly.
 * - A crossfade is a dissolve event: the outgoing clip on a line of no length where the fade starts,
 *   then the incoming one with `D` and the fade's length in frames. The outgoing clip's own event
 *   ends where the fade starts, as CMX 3600 has it.
 * - The record side is non-drop-frame on a whole-number timebase (24 for 23.976, 30 for 29.97) unless
 *   the cut starts at a drop-frame timecode, and the FCM line says which.
 * - Reels are `AX` (a file, not a tape), each event followed by `* FROM CLIP NAME:`, which editors
 *   use to find the media again.
 * - Picture events (`V`): the sound follows the cut.
 */
import { cutEvents, dissolveInto, sameRate, sourceFramesFor, type Cut, type CutClip } from './cut'
import { framesAsTimecode } from '../../src/media/video/timecode-track'

const REEL = 'AX'

export interface Edl {
  text: string
  /** The events (numbered from 1) whose source runs at another rate than the sequence. */
  approximate: number[]
}

export function cutAsEdl(cut: Cut): Edl {
  const recordBase = Math.round(cut.fps)
  // Drop-frame on the record side: labels with “;” before the frames, and the FCM line says so.
  const record = (frames: number) => (cut.dropFrame ? framesAsTimecode(cut.startFrame + frames, cut.fps, true) : timecode(cut.startFrame + frames, recordBase))
  const events = cutEvents(cut)
  const approximate: number[] = []
  const lines = [`TITLE: ${oneLine(cut.title).slice(0, 70)}`, cut.dropFrame ? 'FCM: DROP FRAME' : 'FCM: NON-DROP FRAME', '']
  cut.clips.forEach((clip, index) => {
    const event = String(index + 1).padStart(3, '0')
    const { recordStart: start, recordFrames } = events[index]!
    const source = (frames: number) => sourceTimecode(clip, frames)
    const fade = dissolveInto(cut, index)
    const fadesIn = fade > 0
    if (fadesIn) {
      const outgoing = cut.clips[index - 1]!
      const frames = outgoing.source.first + sourceFramesFor(outgoing, events[index - 1]!.recordFrames, cut.fps)
      const point = sourceTimecode(outgoing, frames)
      lines.push(eventLine(event, 'C', '   ', point, point, record(start), record(start)))
      lines.push(`* FROM CLIP NAME: ${oneLine(outgoing.name)}`)
    }
    const transition = fadesIn ? 'D' : 'C'
    const duration = fadesIn ? String(fade).padStart(3, '0') : '   '
    const sourceIn = clip.source.first
    const sourceOut = sourceIn + sourceFramesFor(clip, recordFrames, cut.fps)
    lines.push(eventLine(event, transition, duration, source(sourceIn), source(sourceOut), record(start), record(start + recordFrames)))
    lines.push(`* FROM CLIP NAME: ${oneLine(clip.name)}`)
    if (!sameRate(clip.source.fps, cut.fps)) {
      approximate.push(index + 1)
      lines.push(`* SOURCE AT ${rateName(clip.source.fps)} FPS, RECORD AT ${rateName(cut.fps)} FPS: APPROXIMATE, SEE THE OTIO OR FCPXML FOR THE EXACT CUT`)
    }
    lines.push('')
  })
  return { text: lines.join('\r\n'), approximate }
}

/** Frame `frames` of the clip's file as its own timecode: from its start timecode and drop-frame where it has them. */
function sourceTimecode(clip: CutClip, frames: number): string {
  const own = clip.sourceTimecode
  if (!own) return timecode(frames, Math.round(clip.source.fps))
  return framesAsTimecode(own.startFrame + frames, clip.source.fps, own.dropFrame)
}

/** One event line in the fixed columns of CMX 3600. */
function eventLine(event: string, transition: 'C' | 'D', duration: string, sourceIn: string, sourceOut: string, recordIn: string, recordOut: string): string {
  return `${event}  ${REEL.padEnd(8)} V     ${transition.padEnd(4)} ${duration} ${sourceIn} ${sourceOut} ${recordIn} ${recordOut}`
}

/** hh:mm:ss:ff, non-drop-frame, at a whole-number timebase. */
export function timecode(frames: number, timebase: number): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  const seconds = Math.floor(frames / timebase)
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}:${pad(frames % timebase)}`
}

/** 24, 25, 29.97, 23.976: how an editor says a rate. */
export function rateName(fps: number): string {
  return String(Math.round(fps * 1000) / 1000)
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ')
}
