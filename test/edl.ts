/**
 * Reads the events of a CMX 3600 EDL back, as a finishing tool would, for the tests of what the
 * sequence node writes: each event line with its timecodes in frames, and the clip name after it.
 */

export interface EdlEvent {
  event: number
  reel: string
  track: string
  transition: string
  /** Frames of the dissolve, for a `D` event. */
  duration?: number
  sourceIn: number
  sourceOut: number
  recordIn: number
  recordOut: number
  clipName?: string
  /** Other comment lines under the event (`* …`), without the star. */
  comments?: string[]
}

const EVENT = /^(\d{3})\s+(\S+)\s+(V|A|A2|AA|B|AA\/V)\s+(C|D|W\d{3})\s+(?:(\d{3})\s+)?(\S+) (\S+) (\S+) (\S+)\s*$/

/**
 * `timebase` counts the record side; the source side of each event is counted at `sourceTimebase`
 * of its clip's name (the same as the record's when not given), as readers that take each source at
 * its own rate do.
 */
export function readEdl(text: string, timebase: number, sourceTimebase: (clipName: string) => number = () => timebase): { title: string; fcm: string; events: EdlEvent[] } {
  const lines = text.split(/\r\n|\n/)
  const frames = (code: string, base = timebase) => {
    const [hours, minutes, seconds, frame] = code.split(/[:;]/).map(Number) as [number, number, number, number]
    if ([hours, minutes, seconds, frame].some((part) => !Number.isInteger(part)) || frame >= base) throw new Error(`bad timecode ${code} at ${base}`)
    const counted = ((hours * 60 + minutes) * 60 + seconds) * base + frame
    if (code.charAt(8) !== ';') return counted
    // Drop-frame (SMPTE ST 12-1): frame labels 00 and 01 (at 30; 00 to 03 at 60) are skipped at the
    // start of every minute except minutes 00, 10, 20, 30, 40 and 50.
    if (base !== 30 && base !== 60) throw new Error(`drop-frame timecode ${code} at a timebase of ${base}`)
    const dropped = base === 30 ? 2 : 4
    if (seconds === 0 && minutes % 10 !== 0 && frame < dropped) throw new Error(`drop-frame timecode ${code} names a skipped frame`)
    const minutesSoFar = hours * 60 + minutes
    return counted - dropped * (minutesSoFar - Math.floor(minutesSoFar / 10))
  }
  const events: EdlEvent[] = []
  // Source timecode waits for the clip name under its event, which says what rate it counts at.
  const sourceCodes = new Map<EdlEvent, [string, string]>()
  for (const line of lines) {
    const match = EVENT.exec(line)
    if (match) {
      const [, event, reel, track, transition, duration, sourceIn, sourceOut, recordIn, recordOut] = match
      events.push({
        event: Number(event),
        reel: reel!,
        track: track!,
        transition: transition!,
        ...(duration ? { duration: Number(duration) } : {}),
        sourceIn: 0,
        sourceOut: 0,
        recordIn: frames(recordIn!),
        recordOut: frames(recordOut!),
      })
      sourceCodes.set(events.at(-1)!, [sourceIn!, sourceOut!])
    } else if (line.startsWith('* FROM CLIP NAME:') && events.length > 0) {
      events.at(-1)!.clipName = line.slice('* FROM CLIP NAME:'.length).trim()
    } else if (line.startsWith('*') && events.length > 0) {
      const event = events.at(-1)!
      event.comments = [...(event.comments ?? []), line.slice(1).trim()]
    } else if (line.trim() !== '' && !/^(TITLE|FCM):/.test(line)) {
      throw new Error(`not an EDL line: ${line}`)
    }
  }
  for (const [event, [sourceIn, sourceOut]] of sourceCodes) {
    const base = event.clipName !== undefined ? sourceTimebase(event.clipName) : timebase
    event.sourceIn = frames(sourceIn, base)
    event.sourceOut = frames(sourceOut, base)
  }
  const header = (key: string) => lines.find((line) => line.startsWith(`${key}:`))?.slice(key.length + 1).trim() ?? ''
  return { title: header('TITLE'), fcm: header('FCM'), events }
}
