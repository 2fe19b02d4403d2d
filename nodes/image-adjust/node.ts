import { z } from 'zod'
import { defineNode, port, type ParamUi, type RunContext } from '../../src/engine'
import { readStill, writePng } from '../../src/media/image/still'
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
    const still = await readStill(await ctx.assets.get(inputs.image), inputs.image.mime)
    await adjustInSlices(still.pixels, params, ctx)
    const png = await writePng(still)
    ctx.signal.throwIfAborted()
    const image = await ctx.assets.put(png, {
      kind: 'image',
      mime: 'image/png',
      meta: { ...inputs.image.meta, width: still.width, height: still.height },
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
