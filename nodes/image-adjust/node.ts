import { z } from 'zod'
import { defineNode, port, type ParamUi, type RunContext } from '../../src/engine'
import { adjustPixels, isIdentity, toneTable, type Adjustment } from './adjust'

/** Pixels adjusted between checks for Cancel and progress reports. */
const SLICE_PIXELS = 1 << 18

export default defineNode({
  type: 'image-adjust',
  version: 1,
  title: 'Adjust image',
  category: 'Post',
  description: 'Exposure, contrast and saturation on the image’s pixels.',
  inputs: { image: port.image() },
  outputs: { image: port.image() },
  params: z.object({
    exposure: z
      .number()
      .min(-5)
      .max(5)
      .default(0)
      .meta({ ui: 'slider', step: 0.05, unit: 'stops', label: 'Exposure' } satisfies ParamUi),
    contrast: z.number().min(0).max(2).default(1).meta({ ui: 'slider', step: 0.01, label: 'Contrast' } satisfies ParamUi),
    saturation: z
      .number()
      .min(0)
      .max(2)
      .default(1)
      .meta({ ui: 'slider', step: 0.01, label: 'Saturation' } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    // Nothing to change: pass the original on rather than re-encode it.
    if (isIdentity(params)) return { image: inputs.image }
    const source = await ctx.assets.get(inputs.image)
    const bitmap = await createImageBitmap(source).catch(() => {
      throw new Error(`cannot decode the image (${inputs.image.mime}); use PNG, JPEG or WebP`)
    })
    const { width, height } = bitmap
    const canvas = new OffscreenCanvas(width, height)
    const context = canvas.getContext('2d', { willReadFrequently: true })
    if (!context) throw new Error('this browser gives no 2D canvas to work on')
    context.drawImage(bitmap, 0, 0)
    bitmap.close()
    const frame = context.getImageData(0, 0, width, height, { colorSpace: 'srgb' })
    await adjustInSlices(frame.data, params, ctx)
    context.putImageData(frame, 0, 0)
    const png = await canvas.convertToBlob({ type: 'image/png' })
    ctx.signal.throwIfAborted()
    const image = await ctx.assets.put(png, {
      kind: 'image',
      mime: 'image/png',
      meta: { ...inputs.image.meta, width, height },
    })
    return { image }
  },
})

async function adjustInSlices(pixels: Uint8ClampedArray, adjustment: Adjustment, ctx: RunContext): Promise<void> {
  const table = toneTable(adjustment)
  const total = pixels.length / 4
  for (let start = 0; start < total; start += SLICE_PIXELS) {
    ctx.signal.throwIfAborted()
    adjustPixels(pixels, adjustment, table, start, Math.min(total, start + SLICE_PIXELS))
    ctx.progress((start + SLICE_PIXELS) / total)
    // Let the page breathe: a Cancel click or a repaint gets its turn between slices.
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}
