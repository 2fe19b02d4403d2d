import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext, type AssetRef } from '../../src/engine'
import { parseCube } from '../../src/media/color/cube'
import { gradeOf, leavesPixelsAlone, readLut, type GradeSettings } from './grade'
import { addPixels, balanceToMatch, emptyStats, underCdl, type Balance } from './match'
import colorGrade from './node'

const neutral: GradeSettings = { strength: 1, slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1 }
const cube = (rows: string) => `TITLE "test"\nLUT_3D_SIZE 2\n${rows}`
const identityRows = '0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n'

describe('color-grade grade', () => {
  it('defaults to a neutral CDL at full strength', () => {
    expect(colorGrade.params.parse({})).toEqual(neutral)
    expect(leavesPixelsAlone(gradeOf(neutral))).toBe(true)
  })

  it('changes pixels with a CDL or a LUT, and not at zero strength', () => {
    expect(leavesPixelsAlone(gradeOf({ ...neutral, slope: [1.2, 1, 1] }))).toBe(false)
    const lut = readLut(cube(identityRows), 'look.cube')
    expect(leavesPixelsAlone(gradeOf(neutral, lut))).toBe(false)
    expect(leavesPixelsAlone(gradeOf({ ...neutral, strength: 0, saturation: 0.2 }, lut))).toBe(true)
  })

  it('refuses a malformed LUT with its name, the line and why', () => {
    expect(() => readLut(cube('0 0 0\n1 0 oops\n'), 'teal.cube')).toThrow(/^the LUT “teal\.cube” cannot be used: line 4: /)
  })

  it('refuses a tuple with a channel missing or out of range', () => {
    expect(colorGrade.params.safeParse({ slope: [1, 1] }).success).toBe(false)
    expect(colorGrade.params.safeParse({ power: [0, 1, 1] }).success).toBe(false)
  })
})

describe('color-grade node', () => {
  const assets = new MemoryAssetStore()
  const ctx = standaloneContext({ assets })

  it('passes the original on when the grade changes nothing, with the grade as an identity .cube beside it', async () => {
    const clip = await assets.put(new Blob([new Uint8Array([1, 2, 3])], { type: 'video/mp4' }), { kind: 'video', meta: { name: 'shot-12.mp4' } })
    const { media, cube: exported } = await colorGrade.run({ inputs: { media: clip }, params: neutral, ctx })
    expect(media).toEqual(clip)
    expect(exported).toMatchObject({ kind: 'file', mime: 'text/x-cube', meta: { name: 'shot-12-grade.cube' } })
    const lut = parseCube(await (await assets.get(exported as AssetRef)).text())
    expect(lut).toMatchObject({ kind: '3d', size: 33, title: 'shot-12 grade' })
    // Entry (r, g, b) of an identity lattice is (r, g, b) / 32; red runs fastest.
    expect(Array.from(lut.data.subarray(3 * (1 + 33 * 2 + 33 * 33 * 32), 3 * (1 + 33 * 2 + 33 * 33 * 32) + 3))).toEqual([1 / 32, 2 / 32, 1].map(Math.fround))
  })

  it('is version 2 (the .cube output), and takes a version 1 node’s params as they are', () => {
    expect(colorGrade.version).toBe(2)
    expect(colorGrade.migrations?.[1]?.({ strength: 0.5 })).toEqual({ strength: 0.5 })
  })

  it('refuses what is not an image or a clip', async () => {
    const sound = await assets.put(new Blob([new Uint8Array([4])], { type: 'audio/wav' }), { kind: 'audio' })
    await expect(colorGrade.run({ inputs: { media: sound }, params: neutral, ctx })).rejects.toThrow(/image or a clip, not on a sound\./)
    await expect(colorGrade.run({ inputs: { media: 'dusk' }, params: neutral, ctx })).rejects.toThrow(/not on text\./)
  })

  it('says which LUT line is wrong before touching the media', async () => {
    const clip = await assets.put(new Blob([new Uint8Array([5])], { type: 'video/mp4' }), { kind: 'video' })
    const lut = await assets.put(new Blob([cube('0 0 0\n')]), { kind: 'lut', meta: { name: 'short.cube' } })
    await expect(colorGrade.run({ inputs: { media: clip }, params: { ...neutral, lut }, ctx })).rejects.toThrow(
      /“short\.cube” cannot be used: expected 8 data lines/,
    )
  })
})

describe('color-grade match to a reference', () => {
  const statsOf = (values: [number, number, number][]) => {
    const stats = emptyStats()
    addPixels(stats, new Uint8Array(values.flatMap(([r, g, b]) => [r, g, b, 255])))
    return stats
  }
  const apply = ({ slope, offset }: Balance, value: number, channel: 0 | 1 | 2) => value * slope[channel] + offset[channel]

  it('gives the shot the reference’s mean and spread per channel', () => {
    const shot = statsOf([[0, 100, 50], [102, 200, 50]])
    const reference = statsOf([[51, 0, 10], [255, 255, 90]])
    const match = balanceToMatch(shot, reference)
    expect(apply(match, 0, 0) * 255).toBeCloseTo(51)
    expect(apply(match, 102 / 255, 0) * 255).toBeCloseTo(255)
    expect(apply(match, 100 / 255, 1) * 255).toBeCloseTo(0)
    expect(apply(match, 200 / 255, 1) * 255).toBeCloseTo(255)
    // Blue is flat in the shot: it only moves to the reference's mean.
    expect(match.slope[2]).toBe(1)
    expect(apply(match, 50 / 255, 2) * 255).toBeCloseTo(50)
  })

  it('lays the match under the colorist’s CDL, as applying one after the other', () => {
    const match: Balance = { slope: [1.2, 0.9, 1], offset: [0.05, -0.02, 0] }
    const cdl: Balance = { slope: [0.8, 1.1, 1.3], offset: [0.01, 0, -0.1] }
    const both = underCdl(match, cdl)
    for (const channel of [0, 1, 2] as const) {
      expect(apply(both, 0.4, channel)).toBeCloseTo(apply(cdl, apply(match, 0.4, channel), channel), 12)
    }
    expect(gradeOf(neutral, undefined, match).cdl).toMatchObject({ slope: [1.2, 0.9, 1], offset: [0.05, -0.02, 0] })
  })

  it('refuses to match with no pixels', () => {
    expect(() => balanceToMatch(emptyStats(), statsOf([[1, 2, 3]]))).toThrow(/no pixels/)
  })
})
