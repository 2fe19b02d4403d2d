/*
 * The sample rate a compressed sound file states in its header. The browser's decodeAudioData
 * resamples to its context's rate and never says what the file had, so the audio-input node reads
 * it here: FLAC, Ogg (Opus, Vorbis), MP3, ADTS AAC and MP4/M4A (the audio sample entry).
 */

/** The file's stated rate in Hz, or undefined when the format is not one of these or the header is odd. */
export function statedSampleRate(file: Uint8Array): number | undefined {
  const start = afterId3(file)
  const at = (offset: number) => file[start + offset] ?? 0
  const tag = (offset: number, length = 4) => String.fromCharCode(...file.subarray(start + offset, start + offset + length))
  if (tag(0) === 'fLaC') return flacRate(file.subarray(start))
  if (start === 0 && tag(0) === 'OggS') return oggRate(file)
  if (start === 0 && tag(4) === 'ftyp') return mp4Rate(file)
  if (start > 0 || (at(0) === 0xff && (at(1) & 0xe0) === 0xe0)) return firstMpegFrameRate(file, start)
  return undefined
}

/** MP3 and FLAC files may begin with an ID3v2 tag (10-byte header, a syncsafe size, an optional footer). */
function afterId3(file: Uint8Array): number {
  if (file.length < 10 || String.fromCharCode(file[0]!, file[1]!, file[2]!) !== 'ID3') return 0
  const size = ((file[6]! & 0x7f) << 21) | ((file[7]! & 0x7f) << 14) | ((file[8]! & 0x7f) << 7) | (file[9]! & 0x7f)
  const footer = file[5]! & 0x10 ? 10 : 0
  return 10 + size + footer
}

/** STREAMINFO is the first metadata block: its 20-bit rate follows 10 bytes of block and frame sizes. */
function flacRate(flac: Uint8Array): number | undefined {
  if (flac.length < 21) return undefined
  const rate = (flac[18]! << 12) | (flac[19]! << 4) | (flac[20]! >> 4)
  return rate > 0 ? rate : undefined
}

/** The first Ogg page holds the codec's identification header. */
function oggRate(ogg: Uint8Array): number | undefined {
  const segments = ogg[26]
  if (segments === undefined) return undefined
  const packet = ogg.subarray(27 + segments)
  const magic = String.fromCharCode(...packet.subarray(0, 8))
  // Opus always decodes at 48 kHz; OpusHead's own rate field only records what was encoded from.
  if (magic === 'OpusHead') return 48000
  if (magic.startsWith('\x01vorbis') && packet.length >= 16) {
    const rate = new DataView(packet.buffer, packet.byteOffset + 12, 4).getUint32(0, true)
    return rate > 0 ? rate : undefined
  }
  return undefined
}

const MPEG_RATES = [44100, 48000, 32000]
const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]

/** Encoders and taggers leave padding after an ID3 tag, so the first frame is looked for this far. */
const FRAME_SEARCH_BYTES = 64 * 1024

function firstMpegFrameRate(file: Uint8Array, from: number): number | undefined {
  const last = Math.min(file.length - 4, from + FRAME_SEARCH_BYTES)
  for (let offset = from; offset <= last; offset++) {
    if (file[offset] !== 0xff || (file[offset + 1]! & 0xe0) !== 0xe0) continue
    const rate = frameHeaderRate(file[offset + 1]!, file[offset + 2]!)
    if (rate !== undefined) return rate
  }
  return undefined
}

/** From an MPEG audio frame header (MP3) or an ADTS header (AAC): both start with a 12-bit sync word. */
function frameHeaderRate(second: number, third: number): number | undefined {
  const layer = (second >> 1) & 0b11
  if (layer === 0) return ADTS_RATES[(third >> 2) & 0b1111] // ADTS keeps the layer bits at zero
  const version = (second >> 3) & 0b11 // 3: MPEG-1, 2: MPEG-2 (half rate), 0: MPEG-2.5 (quarter rate)
  const rate = MPEG_RATES[(third >> 2) & 0b11]
  if (version === 1 || rate === undefined) return undefined
  return version === 3 ? rate : version === 2 ? rate / 2 : rate / 4
}

/** The boxes inside `bytes[from, to)`, each as its type and the range of its contents. */
function* boxes(bytes: Uint8Array, from: number, to: number): Generator<{ type: string; start: number; end: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let offset = from
  while (offset + 8 <= to) {
    let size = view.getUint32(offset)
    let header = 8
    if (size === 1 && offset + 16 <= to) {
      size = Number(view.getBigUint64(offset + 8))
      header = 16
    } else if (size === 0) size = to - offset // to the end of the file
    if (size < header) return
    yield { type: String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)), start: offset + header, end: Math.min(to, offset + size) }
    offset += size
  }
}

function child(bytes: Uint8Array, parent: { start: number; end: number }, type: string) {
  for (const box of boxes(bytes, parent.start, parent.end)) if (box.type === type) return box
  return undefined
}

/**
 * The rate in the first sound track's sample entry (moov/trak/mdia/minf/stbl/stsd), a 16.16 fixed
 * point number after 24 bytes of entry fields.
 */
function mp4Rate(mp4: Uint8Array): number | undefined {
  const moov = child(mp4, { start: 0, end: mp4.length }, 'moov')
  if (!moov) return undefined
  for (const trak of boxes(mp4, moov.start, moov.end)) {
    if (trak.type !== 'trak') continue
    const mdia = child(mp4, trak, 'mdia')
    const handler = mdia && child(mp4, mdia, 'hdlr')
    if (!mdia || !handler || String.fromCharCode(...mp4.subarray(handler.start + 8, handler.start + 12)) !== 'soun') continue
    const minf = child(mp4, mdia, 'minf')
    const stbl = minf && child(mp4, minf, 'stbl')
    const stsd = stbl && child(mp4, stbl, 'stsd')
    // stsd is a full box (version, flags) with an entry count before its entries.
    const entry = stsd && boxes(mp4, stsd.start + 8, stsd.end).next().value
    if (!entry || entry.start + 26 > entry.end) return undefined
    const rate = (mp4[entry.start + 24]! << 8) | mp4[entry.start + 25]!
    return rate > 0 ? rate : undefined
  }
  return undefined
}
