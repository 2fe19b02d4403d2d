import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext, type AssetRef } from '../../src/engine'
import { cropStill } from '../../src/media/image/still'
import { cropRect } from './crop'
import referenceImage from './node'

async function storedImage(assets: MemoryAssetStore, name: string, width: number, height: number): Promise<AssetRef> {
  return assets.put(new Blob([`${name} ${width}x${height}`], { type: 'image/png' }), { kind: 'image', meta: { name, width, height } })
}

describe('reference crop', () => {
  it('takes the largest centred rectangle of the shot’s aspect', () => {
    expect(cropRect(1000, 1000, '16:9')).toEqual({ x: 0, y: 218, width: 1000, height: 563 })
    expect(cropRect(1920, 1080, '9:16')).toEqual({ x: 656, y: 0, width: 608, height: 1080 })
    expect(cropRect(1920, 1080, '1:1')).toEqual({ x: 420, y: 0, width: 1080, height: 1080 })
    expect(cropRect(600, 900, '16:9')).toEqual({ x: 0, y: 281, width: 600, height: 338 })
  })

  it('keeps the whole image for “none”, and when it already has the aspect to within a pixel', () => {
    expect(cropRect(600, 900, 'none')).toEqual({ x: 0, y: 0, width: 600, height: 900 })
    expect(cropRect(1280, 720, '16:9')).toEqual({ x: 0, y: 0, width: 1280, height: 720 })
    expect(cropRect(1001, 563, '16:9')).toEqual({ x: 0, y: 0, width: 1001, height: 563 })
  })

  it('copies exactly the pixels inside the rectangle', () => {
    // A 4×3 still whose red channel numbers each pixel.
    const pixels = new Uint8ClampedArray(4 * 3 * 4)
    for (let i = 0; i < 12; i++) pixels.set([i, 0, 0, 255], i * 4)
    const crop = cropStill({ width: 4, height: 3, pixels }, { x: 1, y: 1, width: 2, height: 2 })
    expect(crop.width).toBe(2)
    expect(crop.height).toBe(2)
    expect([...crop.pixels].filter((_, i) => i % 4 === 0)).toEqual([5, 6, 9, 10])
    expect(() => cropStill({ width: 4, height: 3, pixels }, { x: 3, y: 0, width: 2, height: 1 })).toThrow(/cannot crop 2×1 at 3,0 out of a 4×3 image/)
  })
})

describe('reference-image node', () => {
  it('names each image and keeps its role in the asset’s meta, without a crop for “none”', async () => {
    const assets = new MemoryAssetStore()
    const front = await storedImage(assets, 'mara-front.png', 600, 900)
    const side = await storedImage(assets, 'mara-side.png', 700, 900)
    const params = referenceImage.params.parse({ images: [front, side], name: 'Mara', role: 'character', aspect: 'none' })
    const { images } = await referenceImage.run({ inputs: {}, params, ctx: standaloneContext({ assets }) })
    expect(images).toEqual([
      { ...front, meta: { name: 'Mara', role: 'character', width: 600, height: 900 } },
      { ...side, meta: { name: 'Mara', role: 'character', width: 700, height: 900 } },
    ])
  })

  it('passes an image that already has the shot’s aspect on as it is stored, named by its file without a name', async () => {
    const assets = new MemoryAssetStore()
    const plate = await storedImage(assets, 'depot.jpg', 1280, 720)
    const params = referenceImage.params.parse({ images: [plate], role: 'location', aspect: '16:9' })
    const { images } = await referenceImage.run({ inputs: {}, params, ctx: standaloneContext({ assets }) })
    expect(images).toEqual([{ ...plate, meta: { name: 'depot.jpg', role: 'location', width: 1280, height: 720 } }])
  })

  it('says how to add an image when it has none', async () => {
    const params = referenceImage.params.parse({})
    await expect(referenceImage.run({ inputs: {}, params, ctx: standaloneContext() })).rejects.toThrow(
      'No reference image yet: browse for one on the node, drop files on it, or paste one.',
    )
  })

  it('takes only images, a known role and aspect, and at most twelve images', () => {
    const sound = { kind: 'audio', hash: 'a'.repeat(64), mime: 'audio/wav', bytes: 1, meta: {} }
    const still = { ...sound, kind: 'image', mime: 'image/png' }
    expect(referenceImage.params.parse({})).toEqual({ images: [], name: '', role: 'character', aspect: '16:9' })
    expect(referenceImage.params.safeParse({ images: [sound] }).success).toBe(false)
    expect(referenceImage.params.safeParse({ role: 'prop' }).success).toBe(false)
    expect(referenceImage.params.safeParse({ aspect: '4:3' }).success).toBe(false)
    expect(referenceImage.params.safeParse({ images: Array(12).fill(still) }).success).toBe(true)
    expect(referenceImage.params.safeParse({ images: Array(13).fill(still) }).success).toBe(false)
    expect(referenceImage.outputs).toEqual({ images: { type: 'image[]', label: 'Images' } })
  })
})
