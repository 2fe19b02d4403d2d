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
}

const EVENT = /^(\d{3})\s+(\S+)\s+(V|A|A2|AA|B|AA\/V)\s+(C|D|W\d{3})\s+(?:(\d{3})\s+)?(\S+) (\S+) (\S+) (\S+)\s*$/

export function readEdl(text: string, timebase: number): { title: string; fcm: string; events: EdlEvent[] } {
  const lines = text.split(/\r\n|\n/)
  const frames = (code: string) => {
    const [hours, minutes, seconds, frame] = code.split(':').map(Number) as [number, number, number, number]
    if ([hours, minutes, seconds, frame].some((part) => !Number.isInteger(part)) || frame >= timebase) throw new Error(`bad timecode ${code}`)
    return ((hours * 60 + minutes) * 60 + seconds) * timebase + frame
  }
  const events: EdlEvent[] = []
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
        sourceIn: frames(sourceIn!),
        sourceOut: frames(sourceOut!),
        recordIn: frames(recordIn!),
        recordOut: frames(recordOut!),
      })
    } else if (line.startsWith('* FROM CLIP NAME:') && events.length > 0) {
      events.at(-1)!.clipName = line.slice('* FROM CLIP NAME:'.length).trim()
    } else if (line.trim() !== '' && !/^(TITLE|FCM):/.test(line)) {
      throw new Error(`not an EDL line: ${line}`)
    }
  }
  const header = (key: string) => lines.find((line) => line.startsWith(`${key}:`))?.slice(key.length + 1).trim() ?? ''
  return { title: header('TITLE'), fcm: header('FCM'), events }
}
