import { describe, expect, it } from 'vitest'
import { offlineAccess } from '../../src/engine'
import { resampleLanczos } from '../../src/media/resample/lanczos'
import { hasTransparency, premultiply, unpremultiply } from './alpha'
import { esrganScaleFor } from '../../src/media/ml/models'
import upscale from './node'
import { upscaledSize } from './size'

describe('upscaled size', () => {
  it('multiplies both sides by the scale', () => {
    expect(upscaledSize({ width: 640, height: 360 }, { scale: 2 }, true)).toEqual({ width: 1280, height: 720 })
    expect(upscaledSize({ width: 333, height: 101 }, { scale: 4 }, false)).toEqual({ width: 1332, height: 404 })
  })

  it('fits a box without stretching: a 4:3 shot in 3840×2160 touches the top and bottom', () => {
    expect(upscaledSize({ width: 1440, height: 1080 }, { width: 3840, height: 2160 }, true)).toEqual({ width: 2880, height: 2160 })
    expect(upscaledSize({ width: 1920, height: 1080 }, { width: 3840, height: 2160 }, true)).toEqual({ width: 3840, height: 2160 })
    expect(upscaledSize({ width: 2048, height: 858 }, { width: 3840, height: 2160 }, true)).toEqual({ width: 3840, height: 1608 })
  })

  it('gives a clip even sides, and a still the nearest whole pixel', () => {
    expect(upscaledSize({ width: 300, height: 199 }, { width: 1000, height: 1000 }, true)).toEqual({ width: 1000, height: 664 })
    expect(upscaledSize({ width: 300, height: 199 }, { width: 1000, height: 1000 }, false)).toEqual({ width: 1000, height: 663 })
  })
})

describe('upscale node', () => {
  it('defaults to Lanczos ×2 and takes only 2 or 4 as a scale', () => {
    expect(upscale.params.parse({})).toEqual({ method: 'lanczos', scale: 2 })
    expect(upscale.params.safeParse({ scale: 3 }).success).toBe(false)
  })

  it('refuses what is neither an image nor a clip, whichever the method', async () => {
    const ctx = {
      nodeId: 'up',
      signal: new AbortController().signal,
      progress: () => undefined,
      log: () => undefined,
      assets: { put: () => Promise.reject(new Error('not used')), get: () => Promise.reject(new Error('not used')), pin: () => Promise.reject(new Error('not used')) },
      memo: () => Promise.reject(new Error('not used')),
      remote: offlineAccess(),
      spend: () => undefined,
    }
    for (const method of ['lanczos', 'esrgan']) {
      await expect(upscale.run({ inputs: { media: 'words' }, params: { method, scale: 2 }, ctx })).rejects.toThrow('Upscale works on an image or a clip, not on text.')
    }
  })

  it('runs ESRGAN at the least scale that reaches the size, Lanczos doing the rest', () => {
    expect(esrganScaleFor(2)).toBe(2)
    expect(esrganScaleFor(1.5)).toBe(2)
    expect(esrganScaleFor(2.01)).toBe(4)
    expect(esrganScaleFor(4)).toBe(4)
  })

  it('needs both sides of a target size, or neither', () => {
    expect(upscale.params.safeParse({ width: 3840, height: 2160 }).success).toBe(true)
    const half = upscale.params.safeParse({ width: 3840 })
    expect(half.success).toBe(false)
    expect(half.error?.issues[0]?.message).toMatch(/set both width and height/)
  })
})

describe('a still with transparency', () => {
  it('keeps a red shape on a transparent black ground red at its soft edge', () => {
    // Four pixels across: opaque red, opaque red, then transparent black twice.
    const pixels = new Uint8Array([255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(hasTransparency(pixels)).toBe(true)
    premultiply(pixels)
    const wider = resampleLanczos({ pixels, width: 4, height: 1 }, 8, 1)
    unpremultiply(wider)
    for (let at = 0; at < wider.length; at += 4) {
      if (wider[at + 3]! < 8) continue
      // Where anything shows, it is red: no dark fringe from the transparent pixels' black.
      expect(wider[at]!, `pixel ${at / 4}: ${[...wider.subarray(at, at + 4)]}`).toBeGreaterThan(240)
      expect(wider[at + 1]).toBeLessThan(8)
    }
  })

  it('leaves an opaque picture as it is', () => {
    expect(hasTransparency(new Uint8Array([1, 2, 3, 255]))).toBe(false)
  })
})
