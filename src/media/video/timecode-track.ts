/*
 * A start timecode for an MP4 or MOV file: a QuickTime timecode track (`tmcd`), the way Resolve,
 * Premiere, Avid and ffmpeg read a file's start timecode. mediabunny writes no timecode track and
 * its metadata tags (`udta`) are not where any of them look, so the muxed file is rewritten here:
 *
 * - a new `trak` (ISO/IEC 14496-12 §8.3) whose media handler is `tmcd`, with the timecode sample
 *   description of the QuickTime File Format ("Timecode sample description": flags, time scale,
 *   frame duration, frames per second) and one sample, the start as a 32-bit frame count, that
 *   lasts the whole movie;
 * - a `tref`/`tmcd` in the picture's `trak` pointing at it, as QuickTime links a track to its timecode;
 * - `mvhd`'s next_track_ID moved past it;
 * - the sample itself in a small `mdat` at the end of the file; when `moov` comes before the media
 *   (fast start), every chunk offset is moved by what `moov` grew.
 *
 * Nothing here reads the clock, so the same file and timecode give the same bytes.
 */

/**
 * "01:00:00:00": hours, minutes, seconds and frames; "01:00:00;00", with a semicolon before the
 * frames, is drop-frame timecode (SMPTE ST 12-1) at 29.97 or 59.94 fps.
 */
export const TIMECODE_PATTERN = /^(\d{2}):([0-5]\d):([0-5]\d)[:;](\d{2})$/

/** Whether a timecode is written drop-frame: a semicolon before its frames. */
export function isDropFrame(timecode: string): boolean {
  return timecode.charAt(8) === ';'
}

/**
 * Frame labels drop-frame timecode skips at the start of each minute but every tenth (SMPTE ST
 * 12-1): 2 at 29.97 fps, 4 at 59.94; none at a rate that has no drop-frame timecode.
 */
export function droppedLabels(fps: number): number {
  const base = Math.round(fps)
  // Nearer 30000/1001 than 30: a measured 29.97 is never exact, but 30 itself has no drop-frame.
  const ntsc = Math.abs(fps - (base * 1000) / 1001) < Math.abs(fps - base)
  return ntsc && (base === 30 || base === 60) ? base / 15 : 0
}

/**
 * The frame count of `timecode` at `fps`: counted at the whole-number rate (30 for 29.97), as
 * non-drop-frame timecode does, or with the skipped labels left out when it is drop-frame. Throws,
 * saying why, for one that is not a timecode at that rate.
 */
export function timecodeFrames(timecode: string, fps: number): number {
  const match = TIMECODE_PATTERN.exec(timecode)
  if (!match) throw new Error(`“${timecode}” is not a timecode: write it as hours:minutes:seconds:frames, e.g. 01:00:00:00`)
  const [hours, minutes, seconds, frames] = match.slice(1).map(Number) as [number, number, number, number]
  const base = Math.round(fps)
  if (frames >= base) throw new Error(`“${timecode}” has frame ${frames}, but a second at ${base} fps has frames 00 to ${base - 1}`)
  const counted = ((hours * 60 + minutes) * 60 + seconds) * base + frames
  if (!isDropFrame(timecode)) return counted
  const drop = droppedLabels(fps)
  if (drop === 0) throw new Error(`“${timecode}” is drop-frame (the “;”), which only 29.97 and 59.94 fps have; write it with “:” at ${Math.round(fps * 1000) / 1000} fps`)
  if (seconds === 0 && frames < drop && minutes % 10 !== 0) throw new Error(`“${timecode}” is a label drop-frame timecode skips: each minute but every tenth starts at frame ${String(drop).padStart(2, '0')}`)
  const totalMinutes = hours * 60 + minutes
  return counted - drop * (totalMinutes - Math.floor(totalMinutes / 10))
}

/** The timecode of frame `frames` at `fps`, drop-frame (with “;”) when asked and the rate has it. */
export function framesAsTimecode(frames: number, fps: number, dropFrame = false): string {
  const base = Math.round(fps)
  const drop = dropFrame ? droppedLabels(fps) : 0
  let label = frames
  if (drop > 0) {
    const perTenMinutes = base * 600 - drop * 9
    const perMinute = base * 60 - drop
    const tens = Math.floor(frames / perTenMinutes)
    const rest = frames % perTenMinutes
    label += drop * 9 * tens + (rest > drop ? drop * Math.floor((rest - drop) / perMinute) : 0)
  }
  const pad = (value: number) => String(value).padStart(2, '0')
  const seconds = Math.floor(label / base)
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}${drop > 0 ? ';' : ':'}${pad(label % base)}`
}

interface Box {
  type: string
  /** Offset of the box in the bytes it was read from. */
  start: number
  size: number
  header: number
}

/** The boxes between `start` and `end`; throws on a size that runs past the end. */
function boxesIn(bytes: Uint8Array, start: number, end: number): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const boxes: Box[] = []
  let offset = start
  while (offset + 8 <= end) {
    let size = view.getUint32(offset)
    let header = 8
    if (size === 1) {
      size = Number(view.getBigUint64(offset + 8))
      header = 16
    } else if (size === 0) {
      size = end - offset
    }
    if (size < header || offset + size > end) throw new Error('the file’s boxes are damaged: one runs past its end')
    boxes.push({ type: String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)), start: offset, size, header })
    offset += size
  }
  return boxes
}

function child(bytes: Uint8Array, parent: Box, type: string): Box | undefined {
  return boxesIn(bytes, parent.start + parent.header, parent.start + parent.size).find((box) => box.type === type)
}

function body(bytes: Uint8Array, box: Box): Uint8Array {
  return bytes.subarray(box.start + box.header, box.start + box.size)
}

/** A box with a 32-bit size around `parts`. */
function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const length = 8 + parts.reduce((sum, part) => sum + part.length, 0)
  const out = new Uint8Array(length)
  const view = new DataView(out.buffer)
  view.setUint32(0, length)
  out.set(ascii(type), 4)
  let offset = 8
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Big-endian fields: [bytes, value] pairs. */
function fields(...values: [1 | 2 | 4, number][]): Uint8Array {
  const out = new Uint8Array(values.reduce((sum, [size]) => sum + size, 0))
  const view = new DataView(out.buffer)
  let offset = 0
  for (const [size, value] of values) {
    if (size === 1) view.setUint8(offset, value)
    else if (size === 2) view.setUint16(offset, value)
    else view.setUint32(offset, value)
    offset += size
  }
  return out
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0))
}

/** The identity matrix of `tkhd`/`mvhd` (16.16 and 2.30 fixed point). */
const IDENTITY = fields([4, 0x10000], [4, 0], [4, 0], [4, 0], [4, 0x10000], [4, 0], [4, 0], [4, 0], [4, 0x40000000])

/** The time scale and frame duration of a timecode at `fps`: 30000/1001 for 29.97, 24/1 for 24. */
function timecodeClock(fps: number): { timescale: number; frameDuration: number; base: number } {
  const base = Math.round(fps)
  const ntsc = Math.abs(fps - (base * 1000) / 1001) < Math.abs(fps - base)
  return ntsc ? { timescale: base * 1000, frameDuration: 1001, base } : { timescale: base, frameDuration: 1, base }
}

/** The `trak` of the timecode: `movieDuration` in the movie's time scale, its one sample at `sampleOffset`. */
function timecodeTrak(trackId: number, movieDuration: number, movieTimescale: number, fps: number, dropFrame: boolean, sampleOffset: number): Uint8Array {
  const { timescale, frameDuration, base } = timecodeClock(fps)
  const mediaDuration = Math.round((movieDuration * timescale) / movieTimescale)
  // Flags 0: track not enabled (it is not picture to show), as QuickTime writes a timecode track.
  const tkhd = box('tkhd', fields([4, 0], [4, 0], [4, 0], [4, trackId], [4, 0], [4, movieDuration], [4, 0], [4, 0], [2, 0], [2, 0], [2, 0], [2, 0]), IDENTITY, fields([4, 0], [4, 0]))
  // Language `und` packed as three 5-bit letters (ISO 639-2/T).
  const mdhd = box('mdhd', fields([4, 0], [4, 0], [4, 0], [4, timescale], [4, mediaDuration], [2, 0x55c4], [2, 0]))
  const hdlr = box('hdlr', fields([4, 0], [4, 0]), ascii('tmcd'), new Uint8Array(12), ascii('TimeCodeHandler\0'))
  const gmin = box('gmin', fields([4, 0], [2, 0x40], [2, 0x8000], [2, 0x8000], [2, 0x8000], [2, 0], [2, 0]))
  const fontName = 'Lucida Grande'
  const tcmi = box('tcmi', fields([4, 0], [2, 0], [2, 0], [2, 12], [2, 0], [2, 0], [2, 0], [2, 0], [2, 0xffff], [2, 0xffff], [2, 0xffff], [1, fontName.length]), ascii(fontName))
  const gmhd = box('gmhd', gmin, box('tmcd', tcmi))
  const dinf = box('dinf', box('dref', fields([4, 0], [4, 1]), box('url ', fields([4, 1]))))
  // Timecode sample description: reserved, data reference 1, reserved, flags (bit 0: drop-frame;
  // under 24 hours), time scale, frame duration, frames per second, reserved.
  const description = box('tmcd', new Uint8Array(6), fields([2, 1], [4, 0], [4, dropFrame ? 1 : 0], [4, timescale], [4, frameDuration], [1, base], [1, 0]))
  const stbl = box(
    'stbl',
    box('stsd', fields([4, 0], [4, 1]), description),
    box('stts', fields([4, 0], [4, 1], [4, 1], [4, mediaDuration])),
    box('stsc', fields([4, 0], [4, 1], [4, 1], [4, 1], [4, 1])),
    box('stsz', fields([4, 0], [4, 4], [4, 1])),
    box('stco', fields([4, 0], [4, 1], [4, sampleOffset])),
  )
  return box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', gmhd, dinf, stbl)))
}

function handlerOf(bytes: Uint8Array, trak: Box): string | undefined {
  const mdia = child(bytes, trak, 'mdia')
  const hdlr = mdia && child(bytes, mdia, 'hdlr')
  return hdlr ? String.fromCharCode(...body(bytes, hdlr).subarray(8, 12)) : undefined
}

/**
 * `file` (an MP4 or MOV) with a timecode track starting at `startFrame` at `fps`, counted drop-frame
 * when `dropFrame` (29.97 and 59.94 only). Throws for a file without `moov` or without a picture
 * track, or one that already has a timecode track.
 */
export function withTimecodeTrack(file: Uint8Array, startFrame: number, fps: number, dropFrame = false): Uint8Array<ArrayBuffer> {
  if (dropFrame && droppedLabels(fps) === 0) throw new Error(`drop-frame timecode is for 29.97 and 59.94 fps, not ${Math.round(fps * 1000) / 1000}`)
  const top = boxesIn(file, 0, file.byteLength)
  const moov = top.find((found) => found.type === 'moov')
  if (!moov) throw new Error('the file has no movie header (moov) to add a timecode to')
  // A box of size 0 runs to the end of the file: the sample appended after it would fall inside it.
  const sizes = new DataView(file.buffer, file.byteOffset, file.byteLength)
  if (top.some((found) => sizes.getUint32(found.start) === 0)) throw new Error('the file’s last box runs to its end without a size')
  const children = boxesIn(file, moov.start + moov.header, moov.start + moov.size)
  const mvhd = children.find((found) => found.type === 'mvhd')
  if (!mvhd) throw new Error('the file has no movie header (mvhd)')
  const traks = children.filter((found) => found.type === 'trak')
  if (traks.some((trak) => handlerOf(file, trak) === 'tmcd')) throw new Error('the file already has a timecode track')
  const picture = traks.find((trak) => handlerOf(file, trak) === 'vide')
  if (!picture) throw new Error('the file has no picture to give a timecode to')

  const mvhdBody = body(file, mvhd)
  const mvhdView = new DataView(mvhdBody.buffer, mvhdBody.byteOffset, mvhdBody.byteLength)
  const long = mvhdBody[0] === 1
  const movieTimescale = mvhdView.getUint32(long ? 20 : 12)
  const movieDuration = long ? Number(mvhdView.getBigUint64(24)) : mvhdView.getUint32(16)
  const nextTrackIdAt = long ? 108 : 96
  const trackId = mvhdView.getUint32(nextTrackIdAt)

  const tref = box('tref', box('tmcd', fields([4, trackId])))
  // The tmcd track's size does not depend on its sample's offset, so it is built once to measure.
  const trakLength = timecodeTrak(trackId, movieDuration, movieTimescale, fps, dropFrame, 0).length
  const growth = tref.length + trakLength
  const mediaAfterMoov = top.some((found) => found.type === 'mdat' && found.start > moov.start)
  const shift = mediaAfterMoov ? growth : 0
  const sampleOffset = file.byteLength + growth + 8
  if (sampleOffset + 4 > 0xffffffff) throw new Error('the file is too large (4 GB) for a timecode track here')

  const parts: Uint8Array[] = []
  for (const found of children) {
    const bytes = file.slice(found.start, found.start + found.size)
    if (found.type === 'mvhd') {
      new DataView(bytes.buffer).setUint32(found.header + nextTrackIdAt, trackId + 1)
      parts.push(bytes)
    } else if (found.type === 'trak') {
      if (shift) shiftChunkOffsets(bytes, shift)
      parts.push(found === picture ? withTref(bytes, tref) : bytes)
    } else {
      parts.push(bytes)
    }
  }
  parts.push(timecodeTrak(trackId, movieDuration, movieTimescale, fps, dropFrame, sampleOffset))
  const newMoov = box('moov', ...parts)
  const sample = box('mdat', fields([4, startFrame]))
  const out = new Uint8Array(file.byteLength + growth + sample.length)
  out.set(file.subarray(0, moov.start), 0)
  out.set(newMoov, moov.start)
  out.set(file.subarray(moov.start + moov.size), moov.start + newMoov.length)
  out.set(sample, file.byteLength + growth)
  return out
}

/** The `trak` in `trak` (whole box, 32-bit size) with `tref` put after its `tkhd`. */
function withTref(trak: Uint8Array, tref: Uint8Array): Uint8Array {
  const [outer] = boxesIn(trak, 0, trak.byteLength)
  const inner = boxesIn(trak, outer!.header, trak.byteLength)
  const tkhd = inner.find((found) => found.type === 'tkhd')
  if (!tkhd || outer!.header !== 8) throw new Error('the picture track has no track header')
  const cut = tkhd.start + tkhd.size
  return box('trak', trak.subarray(8, cut), tref, trak.subarray(cut))
}

/** Adds `shift` to every chunk offset (`stco`, `co64`) in the `trak` box `trak`, in place. */
function shiftChunkOffsets(trak: Uint8Array, shift: number): void {
  const view = new DataView(trak.buffer, trak.byteOffset, trak.byteLength)
  const visit = (start: number, end: number) => {
    for (const found of boxesIn(trak, start, end)) {
      const inside = found.start + found.header
      if (found.type === 'mdia' || found.type === 'minf' || found.type === 'stbl') visit(inside, found.start + found.size)
      if (found.type === 'stco' || found.type === 'co64') {
        const count = view.getUint32(inside + 4)
        for (let index = 0; index < count; index++) {
          if (found.type === 'stco') {
            const at = inside + 8 + 4 * index
            const moved = view.getUint32(at) + shift
            if (moved > 0xffffffff) throw new Error('the file is too large (4 GB) for a timecode track here')
            view.setUint32(at, moved)
          } else {
            const at = inside + 8 + 8 * index
            view.setBigUint64(at, view.getBigUint64(at) + BigInt(shift))
          }
        }
      }
    }
  }
  const [outer] = boxesIn(trak, 0, trak.byteLength)
  visit(outer!.header, trak.byteLength)
}
