import { describe, expect, it } from 'vitest'
import { bakeGrade, gradeRgba, gradeRgbaDirect } from '../../../src/media/color/apply'
import { applyCdl, IDENTITY_CDL, isIdentityCdl, type CdlParams } from '../../../src/media/color/cdl'

/** The ASC CDL v1.2 formulas written out from the spec, independent of the implementation. */
function ascCdl(params: CdlParams, color: readonly [number, number, number]): [number, number, number] {
  const clamp = (value: number) => Math.min(1, Math.max(0, value))
  const sop = [0, 1, 2].map((c) => clamp(color[c]! * params.slope[c]! + params.offset[c]!) ** params.power[c]!)
  const [r = 0, g = 0, b = 0] = sop
  const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b
  return [clamp(luma + params.saturation * (r - luma)), clamp(luma + params.saturation * (g - luma)), clamp(luma + params.saturation * (b - luma))]
}

const warmBalance: CdlParams = { slope: [1.2, 1.0, 0.85], offset: [0.02, -0.01, 0.03], power: [0.9, 1.1, 1.25], saturation: 1.3 }
const samples: [number, number, number][] = [
  [0, 0, 0],
  [1, 1, 1],
  [0.18, 0.18, 0.18],
  [0.9, 0.2, 0.1],
  [0.05, 0.6, 0.95],
  [0.5, 0.25, 0.75],
  [-0.1, 0.5, 1.2],
]

describe('ASC CDL', () => {
  it('matches the ASC formula on sample colors', () => {
    const params: CdlParams[] = [
      warmBalance,
      { slope: [0.7, 1.4, 1], offset: [0.1, 0, -0.2], power: [2, 0.5, 1], saturation: 0 },
      { slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 2.5 },
    ]
    const out = new Float64Array(3)
    for (const cdl of params) {
      for (const color of samples) {
        applyCdl(cdl, ...color, out)
        const expected = ascCdl(cdl, color)
        for (let channel = 0; channel < 3; channel++) expect(out[channel]).toBeCloseTo(expected[channel]!, 12)
      }
    }
  })

  it('clamps before the power, so a negative sum gives black rather than NaN', () => {
    const out = new Float64Array(3)
    applyCdl({ slope: [1, 1, 1], offset: [-0.5, -0.5, -0.5], power: [0.5, 0.5, 0.5], saturation: 1 }, 0.2, 0.2, 0.2, out)
    expect(Array.from(out)).toEqual([0, 0, 0])
  })

  it('leaves a color alone when it is the identity', () => {
    expect(isIdentityCdl(IDENTITY_CDL)).toBe(true)
    expect(isIdentityCdl(warmBalance)).toBe(false)
    const out = new Float64Array(3)
    applyCdl(IDENTITY_CDL, 0.3, 0.6, 0.9, out)
    expect(Array.from(out)).toEqual([0.3, 0.6, 0.9])
  })

  it('grades 8-bit pixels to the rounded ASC result on both paths', () => {
    const pixels = new Uint8ClampedArray(256 * 4)
    for (let index = 0; index < 256; index++) pixels.set([index, (index * 7) % 256, 255 - index, index], index * 4)
    const direct = pixels.slice()
    gradeRgbaDirect(direct, { cdl: warmBalance })
    const viaTable = pixels.slice()
    gradeRgba(viaTable, bakeGrade({ cdl: warmBalance }))
    for (let index = 0; index < 256; index++) {
      const color = [0, 1, 2].map((c) => pixels[index * 4 + c]! / 255) as [number, number, number]
      const expected = ascCdl(warmBalance, color).map((value) => Math.round(value * 255))
      expect(Array.from(direct.subarray(index * 4, index * 4 + 3))).toEqual(expected)
      expect(direct[index * 4 + 3]).toBe(index)
    }
    expect(viaTable).toEqual(direct)
  })
})
