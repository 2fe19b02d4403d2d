/*
 * RIFF/WAVE files to and from planar Float32Array channels, for `export-stems` and for tests.
 *
 * Decodes integer PCM (8, 16, 24, 32 bit) and IEEE float (32, 64 bit), plain or
 * WAVE_FORMAT_EXTENSIBLE; anything compressed is refused with the codec's name. Encodes 16-bit PCM
 * or 32-bit float, using WAVE_FORMAT_EXTENSIBLE with a speaker mask above two channels, as
 * Microsoft's "Multiple channel audio data and WAVE files" asks.
 */

export type WavSampleFormat = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64'

export interface DecodedWav {
  sampleRate: number
  /** One array per channel, in file order; integer PCM is scaled so that full scale is ±1. */
  channels: Float32Array[]
  /** How the file stored its samples. */
  sampleFormat: WavSampleFormat
  /** The WAVE_FORMAT_EXTENSIBLE speaker mask (SPEAKER_FRONT_LEFT = 0x1, …), when the file has one. */
  channelMask?: number
}

export class WavFormatError extends Error {
  override readonly name = 'WavFormatError'
}

const FORMAT_PCM = 0x0001
const FORMAT_IEEE_FLOAT = 0x0003
const FORMAT_EXTENSIBLE = 0xfffe

/** Codecs people meet inside WAV files, so the error can say what the file is. */
const KNOWN_CODECS: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG audio',
  0x0055: 'MP3 in WAV',
  0x00ff: 'AAC in WAV',
  0x2000: 'AC-3 in WAV',
  0x2001: 'DTS in WAV',
}

/** The 14 bytes after the format code in a KSDATAFORMAT_SUBTYPE_* GUID (…-0000-0010-8000-00aa00389b71). */
const SUBTYPE_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]

/**
 * Speaker masks for the channel counts that have a usual layout, written in WAVE_FORMAT_EXTENSIBLE
 * headers (more than two channels): L R C; quad; L R C Ls Rs; 5.1 as L R C LFE Ls Rs; 7.1.
 */
const CHANNEL_MASKS: Readonly<Record<number, number>> = {
  3: 0x7,
  4: 0x33,
  5: 0x37,
  6: 0x3f,
  8: 0x63f,
}

interface FormatChunk {
  formatCode: number
  channelCount: number
  sampleRate: number
  blockAlign: number
  bitsPerSample: number
  channelMask?: number
}

interface Chunk {
  id: string
  bytes: Uint8Array
}

export function decodeWav(file: Uint8Array | ArrayBuffer): DecodedWav {
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(file)
  const { format, data } = readChunks(bytes)
  const sampleFormat = sampleFormatOf(format)
  const channels = readSamples(data, format, sampleFormat)
  const decoded: DecodedWav = { sampleRate: format.sampleRate, channels, sampleFormat }
  if (format.channelMask !== undefined) decoded.channelMask = format.channelMask
  return decoded
}

function readChunks(bytes: Uint8Array): { format: FormatChunk; data: Uint8Array } {
  if (bytes.length < 12) throw new WavFormatError('this file is too short to be a WAV file')
  const riffId = fourCC(bytes, 0)
  if (riffId === 'RF64' || riffId === 'BW64') {
    throw new WavFormatError(
      `this is a ${riffId} WAV (for files over 4 GB), which is not supported; use a plain RIFF WAV`,
    )
  }
  if (riffId !== 'RIFF' || fourCC(bytes, 8) !== 'WAVE') {
    throw new WavFormatError('this is not a WAV file (no RIFF/WAVE header)')
  }
  let format: FormatChunk | undefined
  for (const chunk of chunksOf(bytes)) {
    if (chunk.id === 'fmt ') format = parseFormat(chunk.bytes)
    if (chunk.id === 'data') {
      if (!format) throw new WavFormatError('this WAV has its audio before its format ("data" before "fmt ")')
      return { format, data: chunk.bytes }
    }
  }
  throw new WavFormatError(format ? 'this WAV has no audio ("data" chunk)' : 'this WAV has no format ("fmt " chunk)')
}

function* chunksOf(bytes: Uint8Array): Generator<Chunk> {
  const view = dataView(bytes)
  let offset = 12
  while (offset + 8 <= bytes.length) {
    const id = fourCC(bytes, offset)
    const declaredSize = view.getUint32(offset + 4, true)
    const start = offset + 8
    // Writers that stream (ffmpeg to a pipe, recorders cut short) leave the size wrong or 0xFFFFFFFF:
    // take what is there.
    const end = Math.min(start + declaredSize, bytes.length)
    yield { id, bytes: bytes.subarray(start, end) }
    offset = start + declaredSize + (declaredSize % 2) // chunks are padded to an even length
  }
}

function parseFormat(chunk: Uint8Array): FormatChunk {
  if (chunk.length < 16) {
    throw new WavFormatError(`this WAV's format chunk is ${chunk.length} bytes; it needs at least 16`)
  }
  const view = dataView(chunk)
  const format: FormatChunk = {
    formatCode: view.getUint16(0, true),
    channelCount: view.getUint16(2, true),
    sampleRate: view.getUint32(4, true),
    blockAlign: view.getUint16(12, true),
    bitsPerSample: view.getUint16(14, true),
  }
  if (format.formatCode !== FORMAT_EXTENSIBLE) return format
  if (chunk.length < 40) {
    throw new WavFormatError('this WAV says WAVE_FORMAT_EXTENSIBLE but its format chunk is too short')
  }
  const guidTail = chunk.subarray(26, 40)
  if (!SUBTYPE_GUID_TAIL.every((byte, index) => guidTail[index] === byte)) {
    throw new WavFormatError('this WAV uses a sub-format GUID that is not a standard codec; use PCM or float WAV')
  }
  return { ...format, formatCode: view.getUint16(24, true), channelMask: view.getUint32(20, true) }
}

function sampleFormatOf(format: FormatChunk): WavSampleFormat {
  const { formatCode, bitsPerSample, channelCount, sampleRate, blockAlign } = format
  const sampleFormat = supportedSampleFormat(formatCode, bitsPerSample)
  if (channelCount === 0) throw new WavFormatError('this WAV says it has 0 channels')
  if (sampleRate === 0) throw new WavFormatError('this WAV says its sample rate is 0 Hz')
  if (blockAlign !== (channelCount * bitsPerSample) / 8) {
    throw new WavFormatError(
      `this WAV's block size (${blockAlign} bytes) does not match ${channelCount} channels of ${bitsPerSample} bits`,
    )
  }
  return sampleFormat
}

function supportedSampleFormat(formatCode: number, bitsPerSample: number): WavSampleFormat {
  if (formatCode === FORMAT_PCM) {
    if (bitsPerSample === 8) return 'pcm8'
    if (bitsPerSample === 16) return 'pcm16'
    if (bitsPerSample === 24) return 'pcm24'
    if (bitsPerSample === 32) return 'pcm32'
    throw new WavFormatError(`this WAV is ${bitsPerSample}-bit PCM; use 8, 16, 24 or 32-bit PCM or float WAV`)
  }
  if (formatCode === FORMAT_IEEE_FLOAT) {
    if (bitsPerSample === 32) return 'float32'
    if (bitsPerSample === 64) return 'float64'
    throw new WavFormatError(`this WAV is ${bitsPerSample}-bit float; use 32 or 64-bit float or PCM WAV`)
  }
  const hex = `0x${formatCode.toString(16).toUpperCase().padStart(4, '0')}`
  const name = KNOWN_CODECS[formatCode]
  throw new WavFormatError(`this WAV uses codec ${hex}${name ? ` (${name})` : ''}; use PCM or float WAV`)
}

function readSamples(data: Uint8Array, format: FormatChunk, sampleFormat: WavSampleFormat): Float32Array[] {
  const { channelCount, blockAlign } = format
  const bytesPerSample = blockAlign / channelCount
  const frameCount = Math.floor(data.length / blockAlign) // a trailing partial frame is dropped
  const read = sampleReader(dataView(data), sampleFormat)
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frameCount))
  for (let frame = 0; frame < frameCount; frame++) {
    const frameOffset = frame * blockAlign
    for (let channel = 0; channel < channelCount; channel++) {
      channels[channel]![frame] = read(frameOffset + channel * bytesPerSample)
    }
  }
  return channels
}

/** Full scale is 2^(bits−1), so integer PCM maps onto [−1, 1) the way ffmpeg converts it. */
function sampleReader(view: DataView, sampleFormat: WavSampleFormat): (offset: number) => number {
  switch (sampleFormat) {
    case 'pcm8':
      return (offset) => (view.getUint8(offset) - 128) / 128 // 8-bit WAV is unsigned
    case 'pcm16':
      return (offset) => view.getInt16(offset, true) / 32768
    case 'pcm24':
      return (offset) => ((view.getInt8(offset + 2) << 16) | view.getUint16(offset, true)) / 8388608
    case 'pcm32':
      return (offset) => view.getInt32(offset, true) / 2147483648
    case 'float32':
      return (offset) => view.getFloat32(offset, true)
    case 'float64':
      return (offset) => view.getFloat64(offset, true)
  }
}

export interface WavEncodeOptions {
  /** `pcm16` for delivery and players; `float32` keeps a stem's level and headroom exactly. */
  encoding: 'pcm16' | 'float32'
}

/** The RIFF size fields are 32-bit: a plain WAV holds at most 4 GiB. */
const MAX_RIFF_BYTES = 0xffffffff

export function encodeWav(
  channels: readonly Float32Array[],
  sampleRate: number,
  { encoding }: WavEncodeOptions,
): Uint8Array<ArrayBuffer> {
  assertEncodable(channels, sampleRate)
  const layout = headerLayout(channels.length, channels[0]!.length, encoding)
  const bytes = new Uint8Array(layout.headerBytes + layout.dataBytes + (layout.dataBytes % 2))
  const view = dataView(bytes)
  writeHeader(view, sampleRate, layout)
  if (encoding === 'float32') writeFloat32Frames(view, layout.headerBytes, channels)
  else writePcm16Frames(view, layout.headerBytes, channels)
  return bytes
}

function assertEncodable(channels: readonly Float32Array[], sampleRate: number): void {
  if (channels.length === 0 || channels.length > 0xffff) {
    throw new RangeError(`a WAV needs 1 to 65535 channels, not ${channels.length}`)
  }
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new RangeError(`a WAV sample rate is a whole number of Hz, not ${sampleRate}`)
  }
  if (channels.some((channel) => channel.length !== channels[0]!.length)) {
    throw new RangeError('all channels must have the same number of samples')
  }
}

interface HeaderLayout {
  formatCode: number
  channelCount: number
  frameCount: number
  bytesPerSample: number
  /** WAVEFORMATEX for PCM is 16 bytes; other codes add cbSize (18); EXTENSIBLE adds 22 more (40). */
  formatBytes: 16 | 18 | 40
  /** Every format but plain PCM is meant to carry a "fact" chunk with the frame count. */
  hasFact: boolean
  headerBytes: number
  dataBytes: number
}

function headerLayout(channelCount: number, frameCount: number, encoding: WavEncodeOptions['encoding']): HeaderLayout {
  const isFloat = encoding === 'float32'
  const bytesPerSample = isFloat ? 4 : 2
  const formatBytes = channelCount > 2 ? 40 : isFloat ? 18 : 16
  const headerBytes = 12 + 8 + formatBytes + (isFloat ? 12 : 0) + 8
  const dataBytes = frameCount * channelCount * bytesPerSample
  if (headerBytes - 8 + dataBytes + (dataBytes % 2) > MAX_RIFF_BYTES) {
    throw new RangeError('this audio is over 4 GiB as WAV; export it in shorter parts')
  }
  const formatCode = isFloat ? FORMAT_IEEE_FLOAT : FORMAT_PCM
  return { formatCode, channelCount, frameCount, bytesPerSample, formatBytes, hasFact: isFloat, headerBytes, dataBytes }
}

function writeHeader(view: DataView, sampleRate: number, layout: HeaderLayout): void {
  const { formatCode, channelCount, bytesPerSample, formatBytes } = layout
  const blockAlign = channelCount * bytesPerSample
  let offset = 0
  const writeFourCC = (id: string) => {
    for (let index = 0; index < 4; index++) view.setUint8(offset++, id.charCodeAt(index))
  }
  const writeUint16 = (value: number) => {
    view.setUint16(offset, value, true)
    offset += 2
  }
  const writeUint32 = (value: number) => {
    view.setUint32(offset, value, true)
    offset += 4
  }
  writeFourCC('RIFF')
  writeUint32(view.byteLength - 8)
  writeFourCC('WAVE')
  writeFourCC('fmt ')
  writeUint32(formatBytes)
  writeUint16(formatBytes === 40 ? FORMAT_EXTENSIBLE : formatCode)
  writeUint16(channelCount)
  writeUint32(sampleRate)
  writeUint32(sampleRate * blockAlign)
  writeUint16(blockAlign)
  writeUint16(bytesPerSample * 8)
  if (formatBytes > 16) writeUint16(formatBytes - 18)
  if (formatBytes === 40) {
    writeUint16(bytesPerSample * 8) // valid bits per sample
    writeUint32(CHANNEL_MASKS[channelCount] ?? 0) // 0: no speaker positions for unusual layouts
    writeUint16(formatCode)
    for (const byte of SUBTYPE_GUID_TAIL) view.setUint8(offset++, byte)
  }
  if (layout.hasFact) {
    writeFourCC('fact')
    writeUint32(4)
    writeUint32(layout.frameCount)
  }
  writeFourCC('data')
  writeUint32(layout.dataBytes)
}

function writeFloat32Frames(view: DataView, start: number, channels: readonly Float32Array[]): void {
  writeInterleaved(view, start, channels, new Float32Array(channels[0]!.length * channels.length), (sample) => sample)
}

/** Scales by 32768 and clips, as ffmpeg does, so 16-bit audio decoded here re-encodes bit for bit. */
function writePcm16Frames(view: DataView, start: number, channels: readonly Float32Array[]): void {
  writeInterleaved(view, start, channels, new Int16Array(channels[0]!.length * channels.length), pcm16)
}

/**
 * Interleaves into a typed array and copies its bytes in at once: the header's length leaves the
 * samples unaligned for a typed view over the file, and a DataView call per sample is several
 * times slower. Typed arrays use the machine's byte order, which is WAV's (little-endian) on every
 * machine browsers and Node run on.
 */
function writeInterleaved(
  view: DataView,
  start: number,
  channels: readonly Float32Array[],
  interleaved: Float32Array | Int16Array,
  convert: (sample: number) => number,
): void {
  const count = channels.length
  channels.forEach((channel, index) => {
    for (let frame = 0, at = index; frame < channel.length; frame++, at += count) interleaved[at] = convert(channel[frame]!)
  })
  new Uint8Array(view.buffer, view.byteOffset + start, interleaved.byteLength).set(new Uint8Array(interleaved.buffer))
}

function pcm16(sample: number): number {
  const scaled = Math.round(sample * 32768)
  return Number.isNaN(scaled) ? 0 : Math.min(32767, Math.max(-32768, scaled))
}

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!)
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
