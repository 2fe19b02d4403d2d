import { describe, expect, it } from 'vitest'
import { CubeParseError, parseCube, writeCube, type CubeLut } from '../../../src/media/color/cube'
import { splitToneLut1d, warmLut3d } from './looks'

/** An identity 3D LUT of `size`, one data line per entry, red fastest. */
function identityLines(size: number): string[] {
  const lines: string[] = []
  for (let blue = 0; blue < size; blue++) {
    for (let green = 0; green < size; green++) {
      for (let red = 0; red < size; red++) lines.push(`${red / (size - 1)} ${green / (size - 1)} ${blue / (size - 1)}`)
    }
  }
  return lines
}

function parseError(text: string): CubeParseError {
  try {
    parseCube(text)
  } catch (error) {
    if (error instanceof CubeParseError) return error
    throw error
  }
  throw new Error('the file was accepted')
}

describe('parseCube', () => {
  it('reads a 3D LUT with red changing fastest', () => {
    const lut = parseCube(['TITLE "two"', 'LUT_3D_SIZE 2', ...identityLines(2)].join('\n'))
    expect(lut.kind).toBe('3d')
    expect(lut.title).toBe('two')
    expect(lut.size).toBe(2)
    expect(lut.domainMin).toEqual([0, 0, 0])
    expect(lut.domainMax).toEqual([1, 1, 1])
    // Entry 1 is (r=1, g=0, b=0); entry 2 is (r=0, g=1, b=0); entry 4 is (r=0, g=0, b=1).
    expect(Array.from(lut.data.subarray(3, 6))).toEqual([1, 0, 0])
    expect(Array.from(lut.data.subarray(6, 9))).toEqual([0, 1, 0])
    expect(Array.from(lut.data.subarray(12, 15))).toEqual([0, 0, 1])
  })

  it('tolerates CRLF, a BOM, comments, blank lines, trailing whitespace, tabs and vendor keywords', () => {
    const text = [
      '\uFEFF# made by hand',
      'TITLE "warm # not a comment"   ',
      '',
      'LUT_VENDOR_GAMUT rec709',
      'LUT_3D_SIZE\t2  # two per axis',
      '   # indented comment',
      ...identityLines(2).map((line) => `${line}  \t`),
      '',
    ].join('\r\n')
    const lut = parseCube(text)
    expect(lut.title).toBe('warm # not a comment')
    expect(Array.from(lut.data)).toEqual(Array.from(parseCube(['LUT_3D_SIZE 2', ...identityLines(2)].join('\n')).data))
  })

  it('accepts an unquoted title and exponents', () => {
    const lut = parseCube(['TITLE plain words', 'LUT_1D_SIZE 2', '0 0 0', '1e0 1.0E+0 +.1e1'].join('\n'))
    expect(lut.title).toBe('plain words')
    expect(Array.from(lut.data)).toEqual([0, 0, 0, 1, 1, 1])
  })

  it('reads DOMAIN_MIN and DOMAIN_MAX per channel, wherever they are in the header', () => {
    const lut = parseCube(['DOMAIN_MIN -0.5 0 0.25', 'LUT_3D_SIZE 2', 'DOMAIN_MAX 1.5 2 1', ...identityLines(2)].join('\n'))
    expect(lut.domainMin).toEqual([-0.5, 0, 0.25])
    expect(lut.domainMax).toEqual([1.5, 2, 1])
  })

  it("reads Resolve's input ranges, each only for its own kind of table", () => {
    const oneD = parseCube(['LUT_1D_SIZE 2', 'LUT_1D_INPUT_RANGE -0.25 1.25', '0 0 0', '1 1 1'].join('\n'))
    expect(oneD.kind).toBe('1d')
    expect(oneD.domainMin).toEqual([-0.25, -0.25, -0.25])
    expect(oneD.domainMax).toEqual([1.25, 1.25, 1.25])
    const threeD = parseCube(['LUT_1D_INPUT_RANGE 0 4', 'LUT_3D_INPUT_RANGE 0 2', 'LUT_3D_SIZE 2', ...identityLines(2)].join('\n'))
    expect(threeD.domainMax).toEqual([2, 2, 2])
  })

  it('refuses malformed files with the line and the reason', () => {
    const header = ['TITLE "t"', '# comment', 'LUT_3D_SIZE 3']
    const data = identityLines(3)
    const withLine = (lineNumber: number, replacement: string) => {
      const lines = [...header, ...data]
      lines[lineNumber - 1] = replacement
      return lines.join('\n')
    }
    const cases: [string, string][] = [
      [withLine(14, '0.5 0.5'), 'line 14: expected 3 numbers, found 2'],
      [withLine(9, '0.5 0.5 0.5 0.5'), 'line 9: expected 3 numbers, found 4'],
      [withLine(5, '0.5 0.5x 1'), 'line 5: "0.5x" is not a number'],
      [withLine(6, '0x1F 0 0'), 'line 6: "0x1F" is not a number'],
      [withLine(3, 'LUT_3D_SIZE 80'), 'line 3: LUT_3D_SIZE 80 is larger than 65'],
      [withLine(3, 'LUT_3D_SIZE 1'), 'line 3: LUT_3D_SIZE 1 is smaller than 2'],
      [withLine(3, 'LUT_3D_SIZE 3.5'), 'line 3: LUT_3D_SIZE needs one whole number, found "3.5"'],
      [withLine(3, 'LUT_3D_SIZE'), 'line 3: LUT_3D_SIZE needs one whole number, found ""'],
      [withLine(2, 'LUT_1D_SIZE 70000'), 'line 2: LUT_1D_SIZE 70000 is larger than 65536'],
      [withLine(2, 'LUT_3D_SIZE 3'), 'line 3: LUT_3D_SIZE appears twice (first on line 2)'],
      [withLine(2, 'LUT_1D_SIZE 3'), 'expected 30 data lines for LUT_1D_SIZE 3 + LUT_3D_SIZE 3, found 27'],
      [withLine(2, 'DOMAIN_MIN 0 0'), 'line 2: DOMAIN_MIN needs 3 numbers, found 2'],
      [withLine(2, 'LUT_3D_INPUT_RANGE 0 one'), 'line 2: "one" is not a number'],
      [withLine(2, 'DOMAIN_MAX 1 0 1'), 'line 2: the domain is empty: minimum 0 is not below maximum 0 for green'],
      [withLine(2, 'LUT_IN_VIDEO_RANGE'), 'line 2: LUT_IN_VIDEO_RANGE (a video-levels LUT) is not supported; export the LUT with data (full) levels'],
      [withLine(20, 'DOMAIN_MAX 2 2 2'), 'line 20: keyword DOMAIN_MAX after the table data; keywords belong before it'],
      [withLine(3, '# LUT_3D_SIZE 3'), 'line 4: table data before LUT_1D_SIZE or LUT_3D_SIZE'],
      [[...header, ...data, '1 1 1'].join('\n'), 'line 31: more data lines than the 27 that LUT_3D_SIZE 3 needs'],
      [[...header, ...data.slice(0, 20)].join('\n'), 'expected 27 data lines for LUT_3D_SIZE 3, found 20'],
      ['# nothing here\n\n', 'no LUT_1D_SIZE or LUT_3D_SIZE line: this is not a .cube LUT'],
    ]
    for (const [text, message] of cases) expect(parseError(text).message).toBe(message)
  })

  it('carries the line number and the bare reason on the error', () => {
    const error = parseError(['LUT_3D_SIZE 2', '0 0 0', '1 0'].join('\n'))
    expect(error.line).toBe(3)
    expect(error.reason).toBe('expected 3 numbers, found 2')
    expect(error.name).toBe('CubeParseError')
  })

  it("reads a Resolve shaper LUT as OpenColorIO does: the 1D table's lines first, then the 3D table's, each with its own input range", () => {
    const shaperLines = ['0 0 0', '0.5 0.6 0.7', '1.25 1.5 1.75', '2 2 2']
    for (const sizes of [['LUT_1D_SIZE 4', 'LUT_3D_SIZE 2'], ['LUT_3D_SIZE 2', 'LUT_1D_SIZE 4']]) {
      const lut = parseCube(
        ['TITLE "Log to video"', ...sizes, 'LUT_1D_INPUT_RANGE -0.5 4', 'LUT_3D_INPUT_RANGE 0 2', ...shaperLines, ...identityLines(2)].join('\n'),
      )
      expect(lut).toMatchObject({ kind: '3d', size: 2, title: 'Log to video', domainMin: [0, 0, 0], domainMax: [2, 2, 2] })
      expect([...lut.data]).toEqual(identityLines(2).flatMap((line) => line.split(' ').map(Number)))
      expect(lut.shaper).toMatchObject({ kind: '1d', size: 4, domainMin: [-0.5, -0.5, -0.5], domainMax: [4, 4, 4] })
      expect([...lut.shaper!.data]).toEqual(shaperLines.flatMap((line) => line.split(' ').map(Number)).map(Math.fround))
    }
    const short = ['LUT_1D_SIZE 4', 'LUT_3D_SIZE 2', ...shaperLines, ...identityLines(2).slice(0, 5)].join('\n')
    expect(parseError(short).message).toBe('expected 12 data lines for LUT_1D_SIZE 4 + LUT_3D_SIZE 2, found 9')
  })

  it('counts data lines of a size-33 LUT', () => {
    const lines = ['LUT_3D_SIZE 33', ...identityLines(33).slice(0, 35930)]
    const error = parseError(lines.join('\n'))
    expect(error.message).toBe('expected 35937 data lines for LUT_3D_SIZE 33, found 35930')
    expect(error.line).toBeUndefined()
  })
})

describe('writeCube', () => {
  const roundTrip = (lut: CubeLut) => parseCube(writeCube(lut))

  it('round-trips a 3D LUT exactly, title and all', () => {
    const lut = warmLut3d(17)
    expect(roundTrip(lut)).toEqual(lut)
  })

  it('round-trips a 1D LUT with a domain other than 0..1', () => {
    const lut: CubeLut = { ...splitToneLut1d(1024), domainMin: [-0.125, 0, 0.1], domainMax: [1.5, 2, 1] }
    const text = writeCube(lut)
    expect(text).toContain('DOMAIN_MIN -0.125 0 0.1\nDOMAIN_MAX 1.5 2 1\n')
    expect(roundTrip(lut)).toEqual(lut)
  })

  it("round-trips a shaper LUT in Resolve's form, and refuses per-channel ranges that form cannot hold", () => {
    const { title: _untitled, ...shaperTable } = splitToneLut1d(256)
    const shaper: CubeLut = { ...shaperTable, domainMin: [-0.25, -0.25, -0.25], domainMax: [3, 3, 3] }
    const lut: CubeLut = { ...warmLut3d(9), domainMax: [1.5, 1.5, 1.5], shaper }
    const text = writeCube(lut)
    expect(text).toContain('LUT_1D_SIZE 256\nLUT_3D_SIZE 9\nLUT_1D_INPUT_RANGE -0.25 3\nLUT_3D_INPUT_RANGE 0 1.5\n')
    expect(roundTrip(lut)).toEqual(lut)
    expect(() => writeCube({ ...lut, shaper: { ...shaper, domainMax: [3, 2, 3] } })).toThrow('one input range for all channels')
  })

  it('writes the header Resolve expects and short numbers', () => {
    const text = writeCube({ kind: '3d', size: 2, domainMin: [0, 0, 0], domainMax: [1, 1, 1], data: new Float32Array(24).fill(0.1) })
    expect(text.split('\n').slice(0, 2)).toEqual(['LUT_3D_SIZE 2', '0.1 0.1 0.1'])
  })

  it('refuses a table that does not hold together', () => {
    const unit = { domainMin: [0, 0, 0], domainMax: [1, 1, 1] } as const
    expect(() => writeCube({ kind: '3d', size: 3, ...unit, data: new Float32Array(24) })).toThrow('a 3d LUT of size 3 needs 81 values, has 24')
    expect(() => writeCube({ kind: '3d', size: 1, ...unit, data: new Float32Array(3) })).toThrow('a 3d LUT has a size from 2 to 65, not 1')
    expect(() => writeCube({ kind: '1d', size: 2, domainMin: [0, 1, 0], domainMax: [1, 1, 1], data: new Float32Array(6) })).toThrow(
      'the domain is empty: DOMAIN_MIN 0 1 0, DOMAIN_MAX 1 1 1',
    )
  })
})
