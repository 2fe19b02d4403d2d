import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext } from '../../src/engine'
import { adjustPixels, linearToSrgb, srgbToLinear, toneTable } from './adjust'
import imageAdjust from './node'

const neutral = { exposure: 0, contrast: 1, saturation: 1 }

function pixel(r: number, g: number, b: number): Uint8ClampedArray {
  return new Uint8ClampedArray([r, g, b, 255])
}

describe('image-adjust pixels', () => {
  it('leaves every value alone when nothing is adjusted', () => {
    const all = new Uint8ClampedArray(256 * 4)
    for (let v = 0; v < 256; v++) all.set([v, 255 - v, (v * 7) % 256, 200], v * 4)
    const before = all.slice()
    adjustPixels(all, neutral)
    expect([...all]).toEqual([...before])
  })

  it('doubles linear light for one stop of exposure', () => {
    const px = pixel(80, 80, 80)
    adjustPixels(px, { ...neutral, exposure: 1 })
    const expected = Math.round(linearToSrgb(2 * srgbToLinear(80 / 255)) * 255)
    expect(px[0]).toBe(expected)
    expect(srgbToLinear((px[0] as number) / 255)).toBeCloseTo(2 * srgbToLinear(80 / 255), 2)
  })

  it('clips highlights instead of wrapping around', () => {
    const px = pixel(250, 10, 128)
    adjustPixels(px, { ...neutral, exposure: 3 })
    expect(px[0]).toBe(255)
    expect(px[3]).toBe(255)
  })

  it('turns everything to middle grey at zero contrast', () => {
    const px = pixel(0, 255, 30)
    adjustPixels(px, { ...neutral, contrast: 0 })
    expect([...px]).toEqual([128, 128, 128, 255])
  })

  it('pushes values away from middle grey with more contrast', () => {
    const px = pixel(100, 160, 128)
    adjustPixels(px, { ...neutral, contrast: 1.5 })
    expect(px[0]).toBeLessThan(100)
    expect(px[1]).toBeGreaterThan(160)
  })

  it('gives black and white at zero saturation, keeping Rec. 709 luma', () => {
    const px = pixel(200, 40, 90)
    adjustPixels(px, { ...neutral, saturation: 0 })
    const luma = Math.round(0.2126 * 200 + 0.7152 * 40 + 0.0722 * 90)
    expect([...px]).toEqual([luma, luma, luma, 255])
  })

  it('keeps grey grey at any saturation', () => {
    const px = pixel(90, 90, 90)
    adjustPixels(px, { ...neutral, saturation: 2 })
    expect([...px]).toEqual([90, 90, 90, 255])
  })

  it('works on a slice of the image only', () => {
    const two = new Uint8ClampedArray([10, 10, 10, 255, 10, 10, 10, 255])
    adjustPixels(two, { ...neutral, contrast: 0 }, toneTable({ ...neutral, contrast: 0 }), 1, 2)
    expect([...two]).toEqual([10, 10, 10, 255, 128, 128, 128, 255])
  })
})

describe('image-adjust node', () => {
  it('defaults to no change and refuses values out of range', () => {
    expect(imageAdjust.params.parse({})).toEqual(neutral)
    expect(imageAdjust.params.safeParse({ exposure: 9 }).success).toBe(false)
  })

  it('passes the original on untouched when nothing is adjusted', async () => {
    const assets = new MemoryAssetStore()
    const image = await assets.put(new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), { kind: 'image' })
    const outputs = await imageAdjust.run({ inputs: { image }, params: neutral, ctx: standaloneContext({ assets }) })
    expect(outputs).toEqual({ image })
  })
})
