/*
 * The bake must give bit-identical table entries whatever way it is done. The SHA-256 digests below
 * were taken from the per-color bake (a closure and a Float64Array out-param a color, commit
 * 2b7fa41) before the bake went to batches: a change of one bit in one entry changes a digest.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { gradeRgbaDirect, lutFromGrade, type Grade } from '../../../src/media/color/apply'
import { parseCube, type CubeLut } from '../../../src/media/color/cube'
import { bakeYuvGrade, gradeYuv420, i420Size, type YuvMatrix } from '../../../src/media/color/yuv'
import { strongLook } from '../../strong-look'
import { splitToneLut1d, warmLut3d } from './looks'
import { decodedFrames, packedI420 } from './planes'

/** A prime stride through all 2²⁴ keys: about 275,000 keys, every value of each byte among them. */
const KEY_STRIDE = 61

const strong = parseCube(strongLook(33))
const sopWithPower = { slope: [1.2, 0.9, 1.05], offset: [0.02, -0.01, 0.03], power: [0.9, 1.1, 1.25] } as const

/** A 1D LUT whose domain reaches past [0, 1] on both sides, so clamping to the domain is exercised. */
const wideDomainLut1d: CubeLut = { ...splitToneLut1d(64), domainMin: [-0.05, -0.1, 0], domainMax: [1.1, 1, 1.2] }

const cases: { name: string; grade: Grade; matrix: YuvMatrix }[] = [
  { name: 'strongLook, tetrahedral', grade: { lut: strong }, matrix: { name: 'bt709', fullRange: false } },
  { name: 'strongLook, trilinear', grade: { lut: strong, interpolation: 'trilinear' }, matrix: { name: 'bt601', fullRange: false } },
  { name: 'CDL alone, with saturation', grade: { cdl: { ...sopWithPower, saturation: 1.3 } }, matrix: { name: 'bt601', fullRange: true } },
  { name: 'CDL and a 3D LUT at strength 0.6', grade: { cdl: { ...sopWithPower, saturation: 1 }, lut: warmLut3d(17), strength: 0.6 }, matrix: { name: 'bt2020', fullRange: false } },
  { name: 'a 1D LUT', grade: { lut: wideDomainLut1d }, matrix: { name: 'bt709', fullRange: true } },
  {
    name: 'a shaper LUT with CDL saturation at strength 0.85',
    grade: { cdl: { slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 0.8 }, lut: { ...warmLut3d(17), shaper: splitToneLut1d(24) }, strength: 0.85 },
    matrix: { name: 'bt709', fullRange: false },
  },
]

function digest(values: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex').slice(0, 16)
}

function stridedKeys(): Int32Array {
  return Int32Array.from({ length: Math.ceil(2 ** 24 / KEY_STRIDE) }, (_, index) => index * KEY_STRIDE)
}

/** Every RGB color on the same stride, as RGBA pixels. */
function stridedPixels(): Uint8Array {
  const keys = stridedKeys()
  const pixels = new Uint8Array(keys.length * 4)
  keys.forEach((key, index) => pixels.set([key & 0xff, (key >> 8) & 0xff, key >>> 16, 255], index * 4))
  return pixels
}

describe('the bake gives the entries the per-color bake gave', { timeout: 60_000 }, () => {
  const frames = decodedFrames(320, 180, 4)

  it.each(cases)('$name', ({ grade, matrix }) => {
    const strided = bakeYuvGrade(grade, matrix)
    const keys = stridedKeys()
    strided.bakeKeys(keys, keys.length)
    const stridedEntries = Uint32Array.from(keys, (key) => strided.entries[key]!)

    // A clip's keys as the render meets them: the grading loop's misses, baked after it.
    const clip = bakeYuvGrade(grade, matrix)
    const graded = frames.map((frame) => {
      const into = new Uint8Array(i420Size(320, 180))
      gradeYuv420(packedI420(frame, 320, 180), clip, into)
      return digest(into)
    })

    const pixels = stridedPixels()
    gradeRgbaDirect(pixels, grade)

    expect({
      strided: digest(stridedEntries),
      clipTable: digest(clip.entries),
      clipFrames: graded,
      rgbDirect: digest(pixels),
      lut17: digest(lutFromGrade(grade, 17).data),
    }).toMatchSnapshot()
  })
})
