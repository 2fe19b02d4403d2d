/*
 * The sequence's cut as a CMX 3600 EDL, the edit list every finishing tool imports (Resolve, Premiere,
 * Avid): one event a clip, in order, each with its source in and out and its record in and out in
 * timecode at the sequence's frame rate.
 *
 * - The record side starts at 01:00:00:00, where a Resolve or Avid timeline starts.
 * - The source side counts from 00:00:00:00 at each clip's first frame: generated clips carry no
 *   timecode of their own. A clip at another rate is retimed to the sequence's, so its source
 *   timecode is counted in the sequence's frames, as the sequence plays it.
 * - A crossfade is a dissolve event: the outgoing clip on a line of no length where the fade starts,
 *   then the incoming one with `D` and the fade's length in frames. The outgoing clip's own event
 *   ends where the fade starts, as CMX 3600 has it.
 * - Timecode is non-drop-frame on a whole-number timebase (24 for 23.976, 30 for 29.97), and says so.
 * - Reels are `AX` (a file, not a tape), each event followed by `* FROM CLIP NAME:`, which editors
 *   use to find the media again.
 * - Picture events (`V`): the sound follows the cut.
 */
import type { Timeline } from './timeline'

export interface EdlClip {
  name: string
  /** Its length in frames of the sequence. */
  frames: number
}

export interface EdlCut {
  title: string
  fps: number
  clips: EdlClip[]
  crossfadeFrames: number
  timeline: Timeline
}

/** Where the record side starts: one hour, in frames of `timebase`. */
const RECORD_START_HOURS = 1
const REEL = 'AX'

export function cutAsEdl({ title, fps, clips, crossfadeFrames, timeline }: EdlCut): string {
  const timebase = Math.round(fps)
  const recordStart = RECORD_START_HOURS * 3600 * timebase
  const code = (frames: number) => timecode(frames, timebase)
  const record = (frames: number) => code(recordStart + frames)
  const lines = [`TITLE: ${oneLine(title).slice(0, 70)}`, 'FCM: NON-DROP FRAME', '']
  clips.forEach((clip, index) => {
    const event = String(index + 1).padStart(3, '0')
    const start = timeline.starts[index]!
    // A clip's event runs until the next one starts to fade in over it.
    const length = clip.frames - (index < clips.length - 1 ? crossfadeFrames : 0)
    const fadesIn = index > 0 && crossfadeFrames > 0
    if (fadesIn) {
      const outgoing = clips[index - 1]!
      const outgoingPoint = code(outgoing.frames - crossfadeFrames)
      lines.push(eventLine(event, 'C', '   ', outgoingPoint, outgoingPoint, record(start), record(start)))
      lines.push(`* FROM CLIP NAME: ${oneLine(outgoing.name)}`)
    }
    const transition = fadesIn ? 'D' : 'C'
    const duration = fadesIn ? String(crossfadeFrames).padStart(3, '0') : '   '
    lines.push(eventLine(event, transition, duration, code(0), code(length), record(start), record(start + length)))
    lines.push(`* FROM CLIP NAME: ${oneLine(clip.name)}`)
    lines.push('')
  })
  return `${lines.join('\r\n')}`
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

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ')
}
