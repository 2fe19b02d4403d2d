/*
 * Adobe/Resolve `.cube` LUT files: the Adobe "Cube LUT Specification 1.0" (TITLE, LUT_1D_SIZE,
 * LUT_3D_SIZE, DOMAIN_MIN, DOMAIN_MAX) plus Resolve's LUT_1D_INPUT_RANGE / LUT_3D_INPUT_RANGE.
 *
 * Resolve's shaper LUTs are read as OpenColorIO reads them: a file with both LUT_1D_SIZE and
 * LUT_3D_SIZE holds the 1D table's lines first, then the 3D table's; a color goes through the 1D
 * table (its domain from LUT_1D_INPUT_RANGE) and the result through the 3D table (its domain from
 * LUT_3D_INPUT_RANGE).
 *
 * Strict where the data would come out wrong (sizes, counts, numbers, a domain that is empty, Resolve's
 * video-range flags, which change what the table means); tolerant where real tools are: comments
 * anywhere, CRLF, a BOM, trailing whitespace, an unquoted title, and header keywords we do not know
 * (vendors add their own; ffmpeg's reader skips any line it does not understand).
 */
import type { Rgb } from './rgb'

export const MAX_1D_SIZE = 65536
/** 65 is the largest size Resolve exports; 65³ entries already cost 3.3 MB as float32. */
export const MAX_3D_SIZE = 65

export interface CubeLut {
  kind: '1d' | '3d'
  title?: string
  /** Entries per channel (1D) or per axis (3D). */
  size: number
  /** Input values that map to the first and last entry, per channel. */
  domainMin: Rgb
  domainMax: Rgb
  /** r, g, b triples. 3D: red changes fastest, entry (r, g, b) sits at ((b·size + g)·size + r)·3. */
  data: Float32Array
  /** A 3D LUT's shaper: a 1D table each color goes through before the 3D table. */
  shaper?: CubeLut
}

export class CubeParseError extends Error {
  override readonly name = 'CubeParseError'

  constructor(
    readonly reason: string,
    /** 1-based; absent when the problem is the file as a whole (e.g. too few data lines). */
    readonly line?: number,
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`)
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const WHOLE_NUMBER = /^\d+$/
const KEYWORD = /^[A-Za-z_][A-Za-z0-9_]*$/
const WHITESPACE = /\s+/

interface DomainSetting {
  /** LUT_1D_INPUT_RANGE only means something in a 1D file, LUT_3D_INPUT_RANGE in a 3D one. */
  appliesTo: '1d' | '3d' | 'both'
  min?: Rgb
  max?: Rgb
  line: number
}

interface Header {
  title?: string
  /** Entries of the 1D table and of each 3D axis, with the line that gave them; both in a shaper LUT. */
  sizes: { '1d'?: { size: number; line: number }; '3d'?: { size: number; line: number } }
  domainSettings: DomainSetting[]
}

export function parseCube(text: string): CubeLut {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  const header: Header = { sizes: {}, domainSettings: [] }
  let data: Float32Array | undefined
  let expectedEntries = 0
  let entries = 0
  let sizeNames = ''

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1
    const content = lineContent(lines[index] ?? '')
    if (content === '') continue

    const tokens = content.split(WHITESPACE)
    const first = tokens[0] ?? ''
    if (KEYWORD.test(first)) {
      if (data) throw new CubeParseError(`keyword ${first} after the table data; keywords belong before it`, lineNumber)
      readKeyword(header, first.toUpperCase(), tokens.slice(1), content, lineNumber)
      continue
    }

    if (!data) {
      if (!header.sizes['1d'] && !header.sizes['3d']) {
        throw new CubeParseError('table data before LUT_1D_SIZE or LUT_3D_SIZE', lineNumber)
      }
      expectedEntries = entriesOf(header)
      sizeNames = sizeKeywords(header)
      data = new Float32Array(expectedEntries * 3)
    }
    if (entries === expectedEntries) {
      throw new CubeParseError(`more data lines than the ${expectedEntries} that ${sizeNames} needs`, lineNumber)
    }
    readTriple(tokens, lineNumber, data, entries * 3)
    entries++
  }

  const { '1d': size1d, '3d': size3d } = header.sizes
  if (!size1d && !size3d) {
    throw new CubeParseError('no LUT_1D_SIZE or LUT_3D_SIZE line: this is not a .cube LUT')
  }
  if (!data || entries < expectedEntries) {
    throw new CubeParseError(`expected ${entriesOf(header)} data lines for ${sizeKeywords(header)}, found ${entries}`)
  }

  const table = (kind: '1d' | '3d', size: number, values: Float32Array): CubeLut => ({ kind, size, ...resolveDomain(kind, header.domainSettings), data: values })
  let lut: CubeLut
  if (size1d && size3d) {
    const shaperValues = size1d.size * 3
    lut = table('3d', size3d.size, data.slice(shaperValues))
    lut.shaper = table('1d', size1d.size, data.slice(0, shaperValues))
  } else {
    lut = size3d ? table('3d', size3d.size, data) : table('1d', size1d!.size, data)
  }
  if (header.title !== undefined) lut.title = header.title
  return lut
}

/** Data lines the file holds: the 1D table's (the shaper's, in a file with both), then the 3D table's. */
function entriesOf(header: Header): number {
  return (header.sizes['1d']?.size ?? 0) + (header.sizes['3d']?.size ?? 0) ** 3
}

/** The line without its comment and surrounding whitespace; a `#` inside a quoted TITLE is kept. */
function lineContent(line: string): string {
  const trimmed = line.trim()
  if (trimmed.startsWith('#')) return ''
  if (/^TITLE\s/i.test(trimmed)) return trimmed
  const hash = trimmed.indexOf('#')
  return hash === -1 ? trimmed : trimmed.slice(0, hash).trimEnd()
}

function sizeKeywords(header: Header): string {
  const { '1d': size1d, '3d': size3d } = header.sizes
  return [size1d && `LUT_1D_SIZE ${size1d.size}`, size3d && `LUT_3D_SIZE ${size3d.size}`].filter(Boolean).join(' + ')
}

function readKeyword(header: Header, keyword: string, args: string[], content: string, line: number): void {
  switch (keyword) {
    case 'TITLE':
      header.title = readTitle(content)
      return
    case 'LUT_1D_SIZE':
      readSize(header, '1d', args, line)
      return
    case 'LUT_3D_SIZE':
      readSize(header, '3d', args, line)
      return
    case 'DOMAIN_MIN':
      header.domainSettings.push({ appliesTo: 'both', min: readRgb(keyword, args, line), line })
      return
    case 'DOMAIN_MAX':
      header.domainSettings.push({ appliesTo: 'both', max: readRgb(keyword, args, line), line })
      return
    case 'LUT_1D_INPUT_RANGE':
    case 'LUT_3D_INPUT_RANGE': {
      const [min = 0, max = 1] = readNumbers(keyword, args, 2, line)
      const appliesTo = keyword === 'LUT_1D_INPUT_RANGE' ? '1d' : '3d'
      header.domainSettings.push({ appliesTo, min: [min, min, min], max: [max, max, max], line })
      return
    }
    case 'LUT_IN_VIDEO_RANGE':
    case 'LUT_OUT_VIDEO_RANGE':
      throw new CubeParseError(`${keyword} (a video-levels LUT) is not supported; export the LUT with data (full) levels`, line)
    default:
      // Vendor metadata, not table data: skipped, as ffmpeg does.
      return
  }
}

function readTitle(content: string): string {
  const rest = content.slice('TITLE'.length).trim()
  const quoted = /^"(.*)"/.exec(rest)
  return quoted ? (quoted[1] ?? '') : rest
}

function readSize(header: Header, kind: '1d' | '3d', args: string[], line: number): void {
  const keyword = kind === '3d' ? 'LUT_3D_SIZE' : 'LUT_1D_SIZE'
  const earlier = header.sizes[kind]
  if (earlier) throw new CubeParseError(`${keyword} appears twice (first on line ${earlier.line})`, line)
  const [sizeText, ...extra] = args
  if (sizeText === undefined || extra.length > 0 || !WHOLE_NUMBER.test(sizeText)) {
    throw new CubeParseError(`${keyword} needs one whole number, found "${args.join(' ')}"`, line)
  }
  const size = Number(sizeText)
  const max = kind === '3d' ? MAX_3D_SIZE : MAX_1D_SIZE
  if (size < 2) throw new CubeParseError(`${keyword} ${size} is smaller than 2`, line)
  if (size > max) throw new CubeParseError(`${keyword} ${size} is larger than ${max}`, line)
  header.sizes[kind] = { size, line }
}

function readNumbers(keyword: string, args: string[], count: number, line: number): number[] {
  if (args.length !== count) throw new CubeParseError(`${keyword} needs ${count} numbers, found ${args.length}`, line)
  return args.map((token) => parseNumber(token, line))
}

function readRgb(keyword: string, args: string[], line: number): Rgb {
  const [red = 0, green = 0, blue = 0] = readNumbers(keyword, args, 3, line)
  return [red, green, blue]
}

function readTriple(tokens: string[], line: number, data: Float32Array, offset: number): void {
  if (tokens.length !== 3) throw new CubeParseError(`expected 3 numbers, found ${tokens.length}`, line)
  data[offset] = parseNumber(tokens[0] ?? '', line)
  data[offset + 1] = parseNumber(tokens[1] ?? '', line)
  data[offset + 2] = parseNumber(tokens[2] ?? '', line)
}

function parseNumber(token: string, line: number): number {
  // Number() alone would accept "", "0x1F" and "Infinity"; a LUT holds plain decimals.
  if (!NUMBER.test(token)) throw new CubeParseError(`"${token}" is not a number`, line)
  return Number(token)
}

/** The last setting that applies wins, channel by channel for DOMAIN_MIN and DOMAIN_MAX. */
function resolveDomain(kind: '1d' | '3d', settings: DomainSetting[]): { domainMin: Rgb; domainMax: Rgb } {
  const domainMin: [number, number, number] = [0, 0, 0]
  const domainMax: [number, number, number] = [1, 1, 1]
  let lastLine: number | undefined
  for (const setting of settings) {
    if (setting.appliesTo !== 'both' && setting.appliesTo !== kind) continue
    if (setting.min) domainMin.splice(0, 3, ...setting.min)
    if (setting.max) domainMax.splice(0, 3, ...setting.max)
    lastLine = setting.line
  }
  for (let channel = 0; channel < 3; channel++) {
    if (domainMin[channel]! < domainMax[channel]!) continue
    const name = ['red', 'green', 'blue'][channel]
    throw new CubeParseError(
      `the domain is empty: minimum ${domainMin[channel]} is not below maximum ${domainMax[channel]} for ${name}`,
      lastLine,
    )
  }
  return { domainMin, domainMax }
}

/** For LUTs built in code rather than parsed: the checks the parser makes, as one call. */
export function assertLutShape(lut: CubeLut): void {
  const max = lut.kind === '3d' ? MAX_3D_SIZE : MAX_1D_SIZE
  if (!Number.isInteger(lut.size) || lut.size < 2 || lut.size > max) {
    throw new RangeError(`a ${lut.kind} LUT has a size from 2 to ${max}, not ${lut.size}`)
  }
  const values = (lut.kind === '3d' ? lut.size ** 3 : lut.size) * 3
  if (lut.data.length !== values) {
    throw new RangeError(`a ${lut.kind} LUT of size ${lut.size} needs ${values} values, has ${lut.data.length}`)
  }
  if (!lut.domainMin.every((min, channel) => min < lut.domainMax[channel]!)) {
    throw new RangeError(`the domain is empty: DOMAIN_MIN ${lut.domainMin.join(' ')}, DOMAIN_MAX ${lut.domainMax.join(' ')}`)
  }
  if (lut.shaper) {
    if (lut.kind !== '3d' || lut.shaper.kind !== '1d' || lut.shaper.shaper) throw new RangeError('a shaper is a 1D LUT in front of a 3D LUT')
    assertLutShape(lut.shaper)
  }
}

/** A `.cube` file that Resolve, ffmpeg and this parser read back to the same table. */
export function writeCube(lut: CubeLut): string {
  assertLutShape(lut)
  const lines: string[] = []
  if (lut.title !== undefined) lines.push(`TITLE "${lut.title.replace(/[\r\n]+/g, ' ')}"`)
  if (lut.shaper) {
    // Resolve's form, the only one that holds two tables: one input range per table, the same for
    // every channel.
    lines.push(`LUT_1D_SIZE ${lut.shaper.size}`, `LUT_3D_SIZE ${lut.size}`)
    lines.push(`LUT_1D_INPUT_RANGE ${uniformRange(lut.shaper)}`, `LUT_3D_INPUT_RANGE ${uniformRange(lut)}`)
    writeTable(lut.shaper.data, lines)
  } else {
    lines.push(`${lut.kind === '3d' ? 'LUT_3D_SIZE' : 'LUT_1D_SIZE'} ${lut.size}`)
    const isUnitDomain = lut.domainMin.every((value) => value === 0) && lut.domainMax.every((value) => value === 1)
    if (!isUnitDomain) {
      lines.push(`DOMAIN_MIN ${lut.domainMin.map(formatValue).join(' ')}`)
      lines.push(`DOMAIN_MAX ${lut.domainMax.map(formatValue).join(' ')}`)
    }
  }
  writeTable(lut.data, lines)
  return `${lines.join('\n')}\n`
}

function writeTable(data: Float32Array, lines: string[]): void {
  for (let offset = 0; offset < data.length; offset += 3) {
    lines.push(`${formatValue(data[offset]!)} ${formatValue(data[offset + 1]!)} ${formatValue(data[offset + 2]!)}`)
  }
}

/** `min max` for LUT_1D_INPUT_RANGE / LUT_3D_INPUT_RANGE, which cannot differ by channel. */
function uniformRange(lut: CubeLut): string {
  const [min, max] = [lut.domainMin, lut.domainMax]
  if (!min.every((value) => value === min[0]) || !max.every((value) => value === max[0])) {
    throw new RangeError('a shaper LUT file gives each table one input range for all channels, not one per channel')
  }
  return `${formatValue(min[0])} ${formatValue(max[0])}`
}

/** The shortest decimal that reads back as the same float32, so files stay small and exact. */
function formatValue(value: number): string {
  const single = Math.fround(value)
  for (let digits = 6; digits < 9; digits++) {
    const text = single.toPrecision(digits)
    if (Math.fround(Number(text)) === single) return String(Number(text))
  }
  return String(Number(single.toPrecision(9)))
}
