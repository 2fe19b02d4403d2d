import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'
import { writePng } from '../../src/media/image/still'
import { frameOf } from '../../src/media/video/frames'

export default defineNode({
  type: 'frame-grab',
  version: 1,
  title: 'Frame grab',
  category: 'Generation',
  description: 'One frame of a clip as an image: the last frame of a shot makes the reference for the next.',
  inputs: { video: port.video() },
  outputs: { image: port.image() },
  params: z.object({
    at: z
      .union([z.enum(['first', 'last']), z.number().nonnegative()])
      .default('last')
      .meta({ ui: 'text', label: 'Frame', description: '“first”, “last”, or a time in seconds.' } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const clip = await ctx.assets.get(inputs.video)
    const frame = await frameOf(clip, params.at)
    ctx.signal.throwIfAborted()
    const png = await writePng({ width: frame.width, height: frame.height, pixels: new Uint8ClampedArray(frame.pixels) })
    const name = inputs.video.meta.name ? `${inputs.video.meta.name} at ${frame.timestampS.toFixed(2)} s` : undefined
    const image = await ctx.assets.put(png, {
      kind: 'image',
      mime: 'image/png',
      meta: { width: frame.width, height: frame.height, ...(name ? { name } : {}) },
    })
    return { image }
  },
})
