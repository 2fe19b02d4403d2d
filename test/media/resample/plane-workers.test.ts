import { describe, expect, it } from 'vitest'
import { lanczosPlaneResampler, type Plane } from '../../../src/media/resample/lanczos'
import { pageLumaColumns } from '../../../src/media/resample/plane-workers'

describe('the luma columns the page scales beside its workers', () => {
  it('with one worker, a quarter of the luma (so page and worker each do three quarters of a luma plane), in whole groups of 8', () => {
    expect(pageLumaColumns(3840, 1)).toBe(960)
    expect(pageLumaColumns(1000, 1) % 8).toBe(0)
    expect(Math.abs(pageLumaColumns(1000, 1) - 250)).toBeLessThanOrEqual(4)
  })

  it('with two workers or more, none: the chroma alone is the page’s share', () => {
    expect(pageLumaColumns(3840, 2)).toBe(0)
    expect(pageLumaColumns(3840, 4)).toBe(0)
  })

  it('a plane scaled as the workers’ columns and then the page’s is the plane scaled whole', () => {
    const [width, height, toWidth, toHeight] = [96, 54, 192, 108]
    const data = Uint8Array.from({ length: width * height }, (_, i) => (i * 37 + ((i / width) | 0) * 11) & 0xff)
    const plane: Plane = { data, offset: 0, stride: width, step: 1, width, height }
    const whole = new Uint8Array(toWidth * toHeight)
    lanczosPlaneResampler(width, height, toWidth, toHeight)(plane, whole)
    const split = new Uint8Array(toWidth * toHeight)
    const workersTo = toWidth - pageLumaColumns(toWidth, 1)
    lanczosPlaneResampler(width, height, toWidth, toHeight)(plane, split, 0, workersTo)
    lanczosPlaneResampler(width, height, toWidth, toHeight)(plane, split, workersTo, toWidth)
    expect(split).toEqual(whole)
  })
})
