/*
 * A file's own start timecode, read from its QuickTime timecode track (`tmcd`), as cameras, Resolve
 * and ffmpeg write it and as ffprobe reads it: the `trak` whose media handler (`hdlr`) is `tmcd`
 * (ISO/IEC 14496-12 §8.3–8.7), its timecode sample description (QuickTime File Format, "Timecode
 * sample description": flags, time scale, frame duration, frames per second) and its first sample, a
 * 32-bit big-endian frame number, found through the sample tables (`stsc`, `stco`/`co64`, `stsz`).
 * The writer is beside it (timecode-track.ts).
 *
 * A clip comes from anywhere, so nothing here trusts a size: only the box headers up to `moov`,
 * `moov` itself (bounded) and the four bytes of the sample are read, every read is checked against
 * what holds it, and a file that is not what it says gives a reason, never a throw that would lose
 * the clip.
 */
import { droppedLabels, framesAsTimecode } from './timecode-track'

export interface StartTimecode {
  /** As a clip's meta carries it: "01:00:00:00", with “;” before the frames when drop-frame. */
  timecode: string
  /** The first frame's number, counted at the timecode's rate (drop-frame: without the skipped labels). */
  frame: number
  /** The timecode's rate: its time scale over its frame duration (30000/1001 for 29.97). */
  fps: number
  dropFrame: boolean
}

/** What a file says of its start timecode: one, none (no timecode track), or a track that cannot be read and why. */
export type TimecodeReading = { startTimecode: StartTimecode } | { none: true } | { unreadable: string }

/** Top-level boxes looked at before `moov`: a real file has a handful (`ftyp`, `wide`, `free`, `mdat`). */
const MAX_TOP_LEVEL_BOXES = 1000
/** The largest `moov` read: an hour of 4K with sound keeps a few megabytes of sample tables. */
const MAX_MOVIE_HEADER_BYTES = 64 * 1024 * 1024
/** Children of one box looked at: a movie holds tens of tracks, not thousands. */
const MAX_CHILDREN = 10_000

const TIMECODE_DROP_FRAME = 0x0001
const TIMECODE_NEGATIVE = 0x0004
const TIMECODE_COUNTER = 0x0008

/** The file's shape is not what its boxes say: the reason, in the filmmaker's words. */
class Damaged extends Error {}

export async function readStartTimecode(file: Blob): Promise<TimecodeReading> {
  const track = await timecodeTrack(file)
  if (!track) return { none: true }
  try {
    return { startTimecode: await firstTimecode(file, track.moov, required(track.moov, required(track.moov, track.mdia, 'minf'), 'stbl')) }
  } catch (error) {
    if (error instanceof Damaged) return { unreadable: error.message }
    throw error
  }
}

interface Box {
  type: string
  /** Where its body starts and the box ends, in the bytes it was read from. */
  bodyStart: number
  end: number
}

/** `moov`'s bytes, walking the top-level box headers to it; none when the file has no movie header. */
async function movieHeader(file: Blob): Promise<Uint8Array | undefined> {
  let offset = 0
  for (let count = 0; count < MAX_TOP_LEVEL_BOXES && offset + 8 <= file.size; count++) {
    const header = new DataView(await file.slice(offset, Math.min(file.size, offset + 16)).arrayBuffer())
    const type = fourCC(header, 4)
    let size = BigInt(header.getUint32(0))
    let headerLength = 8
    if (size === 1n) {
      if (header.byteLength < 16) throw new Damaged(`its “${type}” box is cut off`)
      size = header.getBigUint64(8)
      headerLength = 16
    } else if (size === 0n) {
      size = BigInt(file.size - offset)
    }
    if (size < BigInt(headerLength) || BigInt(offset) + size > BigInt(file.size)) {
      throw new Damaged(`its “${type}” box says it is ${size} bytes, which runs past the end of the file`)
    }
    if (type === 'moov') {
      if (size > BigInt(MAX_MOVIE_HEADER_BYTES)) throw new Damaged(`its movie header (moov) is ${size} bytes, more than a clip’s ever is`)
      return new Uint8Array(await file.slice(offset, offset + Number(size)).arrayBuffer())
    }
    offset += Number(size)
  }
  return undefined
}

/** The boxes inside `parent`, in order; throws `Damaged` for one that runs past it. */
function* children(bytes: Uint8Array, parent: Box): Generator<Box> {
  const view = viewOf(bytes)
  let offset = parent.bodyStart
  for (let count = 0; offset + 8 <= parent.end; count++) {
    if (count === MAX_CHILDREN) throw new Damaged(`its “${parent.type}” box holds more than ${MAX_CHILDREN} boxes`)
    const type = fourCC(view, offset + 4)
    let size = view.getUint32(offset)
    let headerLength = 8
    if (size === 1) {
      if (offset + 16 > parent.end) throw new Damaged(`its “${type}” box is cut off`)
      const long = view.getBigUint64(offset + 8)
      size = long > BigInt(parent.end - offset) ? Infinity : Number(long)
      headerLength = 16
    } else if (size === 0) {
      size = parent.end - offset
    }
    if (size < headerLength || offset + size > parent.end) throw new Damaged(`its “${type}” box runs past the end of the “${parent.type}” box that holds it`)
    yield { type, bodyStart: offset + headerLength, end: offset + size }
    offset += size
  }
}

function child(bytes: Uint8Array, parent: Box, type: string): Box | undefined {
  for (const found of children(bytes, parent)) if (found.type === type) return found
  return undefined
}

function required(bytes: Uint8Array, parent: Box, type: string): Box {
  const found = child(bytes, parent, type)
  if (!found) throw new Damaged(`its timecode track has no “${type}” box`)
  return found
}

/**
 * The media box (`mdia`) of the first track whose handler is `tmcd`, with the `moov` it is in. Boxes
 * damaged before one is found say nothing of a timecode, so the file is taken to have none (what
 * reads the picture says what is wrong with it); a damaged track is passed over.
 */
async function timecodeTrack(file: Blob): Promise<{ moov: Uint8Array; mdia: Box } | undefined> {
  try {
    const moov = await movieHeader(file)
    const [movie] = moov ? children(moov, { type: 'file', bodyStart: 0, end: moov.byteLength }) : []
    if (!moov || !movie) return undefined
    for (const trak of children(moov, movie)) {
      const mdia = trak.type === 'trak' ? timecodeMedia(moov, trak) : undefined
      if (mdia) return { moov, mdia }
    }
    return undefined
  } catch (error) {
    if (error instanceof Damaged) return undefined
    throw error
  }
}

/** The track's `mdia` when its media handler (`hdlr`) is `tmcd`; none for another track, or one too damaged to say. */
function timecodeMedia(moov: Uint8Array, trak: Box): Box | undefined {
  try {
    const mdia = child(moov, trak, 'mdia')
    const hdlr = mdia && child(moov, mdia, 'hdlr')
    // hdlr: version and flags, pre_defined, then the handler type.
    return mdia && hdlr && hdlr.end - hdlr.bodyStart >= 12 && fourCC(viewOf(moov), hdlr.bodyStart + 8) === 'tmcd' ? mdia : undefined
  } catch (error) {
    if (error instanceof Damaged) return undefined
    throw error
  }
}

/** The start timecode the track's first sample holds, at the rate its sample description gives. */
async function firstTimecode(file: Blob, moov: Uint8Array, stbl: Box): Promise<StartTimecode> {
  const { fps, base, dropFrame } = timecodeDescription(moov, stbl)
  const offset = firstSampleOffset(moov, stbl)
  if (offset + 4n > BigInt(file.size)) throw new Damaged('its timecode track’s first sample lies past the end of the file')
  const at = Number(offset)
  const frame = new DataView(await file.slice(at, at + 4).arrayBuffer()).getUint32(0)
  // A timecode runs round the clock, as a camera's does: frame counts past a day start again at 00:00:00:00.
  const day = 24 * 6 * (base * 600 - (dropFrame ? droppedLabels(fps) * 9 : 0))
  const first = frame % day
  return { timecode: framesAsTimecode(first, fps, dropFrame), frame: first, fps, dropFrame }
}

/** The timecode sample description: the first entry of `stsd`, a `tmcd` entry. */
function timecodeDescription(moov: Uint8Array, stbl: Box): { fps: number; base: number; dropFrame: boolean } {
  const stsd = required(moov, stbl, 'stsd')
  fields(moov, stsd, 8)
  // stsd: version and flags, entry count, then the entries as boxes.
  const [entry] = children(moov, { type: 'stsd', bodyStart: stsd.bodyStart + 8, end: stsd.end })
  if (!entry || entry.type !== 'tmcd') throw new Damaged('its timecode track has no timecode sample description')
  // Reserved (6), data reference index (2), reserved (4), flags, time scale, frame duration, frames per second (1).
  const description = fields(moov, entry, 25)
  const flags = description.getUint32(12)
  const timescale = description.getUint32(16)
  const frameDuration = description.getUint32(20)
  const base = description.getUint8(24)
  if (timescale === 0 || frameDuration === 0 || base === 0) throw new Damaged('its timecode track gives no frame rate')
  const fps = timescale / frameDuration
  if (Math.round(fps) !== base) {
    throw new Damaged(`its timecode track runs at ${Math.round(fps * 1000) / 1000} fps but counts ${base} frames a second`)
  }
  if (flags & TIMECODE_COUNTER) throw new Damaged('its timecode track is a counter, not a timecode')
  if (flags & TIMECODE_NEGATIVE) throw new Damaged('its timecode track counts back from zero (a negative timecode)')
  const dropFrame = (flags & TIMECODE_DROP_FRAME) !== 0
  if (dropFrame && droppedLabels(fps) === 0) {
    throw new Damaged(`its timecode track is drop-frame at ${Math.round(fps * 1000) / 1000} fps; only 29.97 and 59.94 fps have drop-frame timecode`)
  }
  return { fps, base, dropFrame }
}

/**
 * Where the track's first sample is in the file: at the start of the first chunk that holds
 * samples (`stsc`), whose offset `stco` or `co64` gives; `stsz` says it is long enough to be a frame number.
 */
function firstSampleOffset(moov: Uint8Array, stbl: Box): bigint {
  const stsc = fields(moov, required(moov, stbl, 'stsc'), 8)
  // Entries: first chunk, samples per chunk, sample description index.
  if (stsc.getUint32(4) === 0 || stsc.byteLength < 20 || stsc.getUint32(8) !== 1 || stsc.getUint32(12) === 0) {
    throw new Damaged('its timecode track’s sample-to-chunk table (stsc) puts no sample in its first chunk')
  }
  const stsz = fields(moov, required(moov, stbl, 'stsz'), 12)
  const sampleCount = stsz.getUint32(8)
  const sampleSize = stsz.getUint32(4) || (sampleCount > 0 && stsz.byteLength >= 16 ? stsz.getUint32(12) : 0)
  if (sampleCount === 0 || sampleSize < 4) throw new Damaged('its timecode track has no sample of four bytes or more (stsz)')
  const stco = child(moov, stbl, 'stco')
  const co64 = stco ? undefined : child(moov, stbl, 'co64')
  const chunks = stco ? fields(moov, stco, 8) : co64 ? fields(moov, co64, 8) : undefined
  if (!chunks) throw new Damaged('its timecode track has no chunk offsets (stco or co64)')
  const table = stco ? 'stco' : 'co64'
  if (chunks.getUint32(4) === 0) throw new Damaged(`its timecode track’s chunk offset table (${table}) is empty`)
  if (chunks.byteLength < (stco ? 12 : 16)) throw new Damaged(`its timecode track’s chunk offset table (${table}) is cut short`)
  return stco ? BigInt(chunks.getUint32(8)) : chunks.getBigUint64(8)
}

function fields(bytes: Uint8Array, box: Box, length: number): DataView {
  if (box.end - box.bodyStart < length) throw new Damaged(`its timecode track’s “${box.type}” box is too short`)
  return new DataView(bytes.buffer, bytes.byteOffset + box.bodyStart, box.end - box.bodyStart)
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function fourCC(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3))
}


/**
 * The start timecode as a clip's picture counts it, the form its meta carries: the track's own when
 * it runs at the picture's rate (the usual case: 24 for 23.976 and 24 fps pictures alike); else the
 * same moment at the picture's rate, so 01:00:00:24 at 25 fps is 01:00:00:48 on a 50 fps picture.
 */
export function startTimecodeAt(start: StartTimecode, pictureFps: number): string {
  const base = Math.round(start.fps)
  const pictureBase = Math.round(pictureFps)
  if (pictureBase === base || pictureBase < 1) return start.timecode
  const dropFrame = start.dropFrame && droppedLabels(pictureFps) > 0
  return framesAsTimecode(Math.round((start.frame * pictureBase) / base), pictureFps, dropFrame)
}
