import { beforeAll, describe, expect, it } from 'vitest'
import { bakeGrade, gradeRgba, gradeRgbaDirect, lutFromGrade, type Grade } from '../../../src/media/color/apply'
import { parseCube, writeCube, type CubeLut } from '../../../src/media/color/cube'
import { ffmpegWithCube, largestDifference, psnr, rgbaToRgb, rgbToRgba, testImageRgb } from './ffmpeg'
import { splitToneLut1d, warmLut3d } from './looks'

const MIN_PSNR = 45
/**
 * ffmpeg interpolates in float32 where we use float64, so a value that lands near a code boundary may
 * truncate to the next code: one code value apart is a match, on a few samples. PSNR alone would not
 * catch a wrong corner in one of the six tetrahedra, nor a rounding that differs from ffmpeg's (half
 * of all samples one code above); these do.
 */
const FFMPEG_ROUNDING = 1
const MOST_SAMPLES_APART = 0.01
const warmBalance = { slope: [1.1, 1, 0.92], offset: [0.01, 0, -0.01], power: [0.95, 1, 1.08], saturation: 1.15 } as const

let original: Uint8Array

beforeAll(() => {
  original = testImageRgb()
})

/** Our grade of the test image, as packed RGB. */
function ours(grade: Grade): Uint8Array {
  const pixels = rgbToRgba(original)
  gradeRgbaDirect(pixels, grade)
  return rgbaToRgb(pixels)
}

/** Asserts our grade of the test image matches ffmpeg's by both measures. */
function expectMatch(ourResult: Uint8Array, reference: Uint8Array): void {
  expect(psnr(ourResult, reference)).toBeGreaterThanOrEqual(MIN_PSNR)
  expect(largestDifference(ourResult, reference)).toBeLessThanOrEqual(FFMPEG_ROUNDING)
  expect(ourResult.filter((value, index) => value !== reference[index]).length / ourResult.length).toBeLessThanOrEqual(MOST_SAMPLES_APART)
}

// ffmpeg and full-frame grading take seconds on a busy machine.
describe('LUTs against ffmpeg', { timeout: 30_000 }, () => {
  it('a 3D LUT with tetrahedral interpolation matches lut3d=interp=tetrahedral', () => {
    const lut = warmLut3d(33)
    const reference = ffmpegWithCube(original, writeCube(lut), 'lut3d=file={lut}:interp=tetrahedral')
    // The look must move the picture, or the comparison proves nothing.
    expect(psnr(reference, original)).toBeLessThan(30)
    expectMatch(ours({ lut }), reference)
  })

  it('a 3D LUT with trilinear interpolation matches lut3d=interp=trilinear', () => {
    const lut = warmLut3d(17)
    const reference = ffmpegWithCube(original, writeCube(lut), 'lut3d=file={lut}:interp=trilinear')
    expectMatch(ours({ lut, interpolation: 'trilinear' }), reference)
  })

  it('a 1D LUT matches lut1d=interp=linear', () => {
    const lut = splitToneLut1d(64)
    const reference = ffmpegWithCube(original, writeCube(lut), 'lut1d=file={lut}:interp=linear')
    expect(psnr(reference, original)).toBeLessThan(30)
    expectMatch(ours({ lut }), reference)
  })

  it('a domain of 0..2 matches ffmpeg when DOMAIN_MAX follows LUT_3D_SIZE, the only place ffmpeg reads it', () => {
    const lut: CubeLut = { ...warmLut3d(33), domainMax: [2, 2, 2] }
    const text = writeCube(lut)
    expect(text).toMatch(/LUT_3D_SIZE 33\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 2 2 2\n/)
    const reference = ffmpegWithCube(original, text, 'lut3d=file={lut}:interp=tetrahedral')
    expectMatch(ours({ lut }), reference)
    // Half the table is in use, so the result must differ from the same table on 0..1.
    expect(psnr(ours({ lut }), ours({ lut: warmLut3d(33) }))).toBeLessThan(30)
  })

  it("a 1D domain from LUT_1D_INPUT_RANGE 0 2 matches ffmpeg's", () => {
    const lut = splitToneLut1d(64)
    const text = writeCube(lut).replace('LUT_1D_SIZE 64\n', 'LUT_1D_SIZE 64\nLUT_1D_INPUT_RANGE 0 2\n')
    const reference = ffmpegWithCube(original, text, 'lut1d=file={lut}:interp=linear')
    expectMatch(ours({ lut: parseCube(text) }), reference)
  })

  it('a domain that does not start at 0 follows the Adobe spec, which ffmpeg does not', () => {
    // Identity over [-1, 1]: out = in for the whole domain, so input 0.5 must come out 0.5.
    // ffmpeg 5.1 only scales by 1 / (max − min) and drops the offset, giving 0.25 here.
    const size = 17
    const data = new Float32Array(size ** 3 * 3)
    for (let index = 0; index < size ** 3; index++) {
      const position = [index % size, Math.floor(index / size) % size, Math.floor(index / size ** 2)]
      position.forEach((step, channel) => (data[index * 3 + channel] = -1 + (2 * step) / (size - 1)))
    }
    const lut: CubeLut = { kind: '3d', size, domainMin: [-1, -1, -1], domainMax: [1, 1, 1], data }
    const pixels = new Uint8ClampedArray([128, 64, 255, 255, 0, 200, 30, 255])
    gradeRgbaDirect(pixels, { lut })
    expect(Array.from(pixels)).toEqual([128, 64, 255, 255, 0, 200, 30, 255])
  })

  it('a Resolve shaper LUT: the 1D shaper, then the 3D table on its own input range, as computed here from the spec', () => {
    // Shaper on 0..1: a gamma lift to 0..2, a different gain per channel. 3D table on 0..2: an
    // affine mix of the channels, which any interpolation reproduces exactly, so the reference is exact.
    const gains = [2, 1.8, 1.6]
    const shaperSize = 33
    const shaperCurve = (x: number, channel: number) => gains[channel]! * x ** (1 / 2.2)
    const mix = (u: number, v: number, w: number): [number, number, number] => [
      0.8 * u + 0.15 * v + 0.05 * w + 0.02,
      0.1 * u + 0.85 * v + 0.05 * w,
      0.05 * u + 0.25 * v + 0.6 * w + 0.05,
    ]
    const size = 5
    const lines = ['LUT_1D_SIZE 33', `LUT_3D_SIZE ${size}`, 'LUT_1D_INPUT_RANGE 0 1', 'LUT_3D_INPUT_RANGE 0 2']
    for (let step = 0; step < shaperSize; step++) lines.push([0, 1, 2].map((channel) => shaperCurve(step / (shaperSize - 1), channel).toFixed(7)).join(' '))
    for (let b = 0; b < size; b++) {
      for (let g = 0; g < size; g++) {
        for (let r = 0; r < size; r++) lines.push(mix(r / (size - 1), g / (size - 1), b / (size - 1)).map((value) => value.toFixed(7)).join(' '))
      }
    }
    const text = `${lines.join('\n')}\n`
    // The spec's reading: the shaper's samples joined by straight lines, its result over 0..2 into the table.
    const shaped = (code: number, channel: number) => {
      const position = (code / 255) * (shaperSize - 1)
      const lower = Math.min(Math.floor(position), shaperSize - 2)
      const [below, above] = [shaperCurve(lower / (shaperSize - 1), channel), shaperCurve((lower + 1) / (shaperSize - 1), channel)]
      return (below + (above - below) * (position - lower)) / 2
    }
    const reference = new Uint8Array(original.length)
    for (let offset = 0; offset < original.length; offset += 3) {
      const graded = mix(shaped(original[offset]!, 0), shaped(original[offset + 1]!, 1), shaped(original[offset + 2]!, 2))
      // Stored as a LUT's result is, truncated to a code value as ffmpeg's lut3d stores it.
      graded.forEach((value, channel) => (reference[offset + channel] = Math.floor(Math.min(1, Math.max(0, value)) * 255 + 1e-6)))
    }
    expect(psnr(reference, original)).toBeLessThan(30)
    expectMatch(ours({ lut: parseCube(text) }), reference)
  })

  it('clamps input outside a narrow domain to its ends', () => {
    // A ramp over [0.2, 0.8] (code values 51 to 204): (code − 51) / 0.6 inside, 0 and 255 outside,
    // truncated to a code value as ffmpeg's lut1d stores it (100 gives 81.67).
    const lut: CubeLut = { kind: '1d', size: 2, domainMin: [0.2, 0.2, 0.2], domainMax: [0.8, 0.8, 0.8], data: new Float32Array([0, 0, 0, 1, 1, 1]) }
    const pixels = new Uint8ClampedArray([128, 30, 220, 255, 100, 51, 204, 255])
    gradeRgbaDirect(pixels, { lut })
    expect(Array.from(pixels)).toEqual([128, 0, 255, 255, 81, 0, 255, 255])
  })
})

describe('the whole grade', { timeout: 30_000 }, () => {
  const grade: Grade = { cdl: warmBalance, lut: warmLut3d(33), strength: 0.7 }

  it('mixes the graded picture, as shown, with the original by strength', () => {
    const full = ours({ ...grade, strength: 1 })
    const none = ours({ ...grade, strength: 0 })
    const partial = ours(grade)
    expect(none).toEqual(original)
    let largestDifference = 0
    for (let index = 0; index < original.length; index++) {
      const expected = original[index]! + 0.7 * (full[index]! - original[index]!)
      largestDifference = Math.max(largestDifference, Math.abs(partial[index]! - expected))
    }
    expect(largestDifference).toBeLessThanOrEqual(1)
    expect(() => ours({ ...grade, strength: 1.5 })).toThrow('strength is between 0 and 1, not 1.5')
  })

  it('through the 8-bit table equals the direct float path within one code value', () => {
    // Every 8-bit color once, as an aligned RGBA view and as an unaligned one.
    const words = new Uint32Array(2 ** 24)
    for (let key = 0; key < words.length; key++) words[key] = key | ((key & 0x7f) << 24)
    const everyColor = new Uint8ClampedArray(words.buffer)
    const direct = everyColor.slice()
    gradeRgbaDirect(direct, grade)
    const viaTable = everyColor.slice()
    const table = bakeGrade(grade)
    gradeRgba(viaTable, table)
    let largestDifference = 0
    for (let index = 0; index < direct.length; index++) {
      largestDifference = Math.max(largestDifference, Math.abs(direct[index]! - viaTable[index]!))
    }
    expect(largestDifference).toBeLessThanOrEqual(1)

    const unaligned = new Uint8ClampedArray(4001)
    unaligned.set(everyColor.subarray(0, 4000), 1)
    gradeRgba(unaligned.subarray(1), table)
    expect(unaligned.subarray(1)).toEqual(direct.subarray(0, 4000))
  }, 120_000)

  it('keeps alpha', () => {
    const pixels = rgbToRgba(original)
    for (let index = 3; index < pixels.length; index += 4) pixels[index] = index % 251
    gradeRgba(pixels, bakeGrade(grade))
    const alphaChanged = pixels.some((value, index) => index % 4 === 3 && value !== index % 251)
    expect(alphaChanged).toBe(false)
  })

  it('exported with lutFromGrade, ffmpeg applies it as we do', () => {
    const exported = writeCube(lutFromGrade(grade, 65, 'reelgraph grade'))
    expect(exported.startsWith('TITLE "reelgraph grade"\nLUT_3D_SIZE 65\n')).toBe(true)
    const reference = ffmpegWithCube(original, exported, 'lut3d=file={lut}:interp=tetrahedral')
    // The exported LUT resamples the grade, so it is close to it rather than equal.
    expect(psnr(ours(grade), reference)).toBeGreaterThanOrEqual(40)
    expectMatch(ours({ lut: parseCube(exported) }), reference)
  })

  it('refuses a LUT size it cannot export', () => {
    expect(() => lutFromGrade(grade, 66)).toThrow('a 3D LUT size is a whole number from 2 to 65, not 66')
  })
})
