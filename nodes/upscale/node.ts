import { z } from 'zod'
import { defineNode, imageOrClip, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { lanczosResampler } from '../../src/media/resample/lanczos'
import { probeClip } from '../../src/media/video/probe'
import { readStill, writePng } from '../../src/media/image/still'
import { renderClip } from '../../src/media/video/render'
import { hasTransparency, premultiply, unpremultiply } from './alpha'
import { upscaledSize, type UpscaleTarget } from './size'

/** Frames encoded before the time left is estimated: the first few run slower while the encoder warms up. */
const FRAMES_BEFORE_ESTIMATE = 12

const side = (label: string) =>
  z.number().int().min(16).max(16384).optional().meta({ ui: 'number', step: 1, unit: 'px', label, description: 'With both sides set, the picture fills this box as far as its shape allows.' } satisfies ParamUi)

export default defineNode({
  type: 'upscale',
  version: 1,
  title: 'Upscale',
  category: 'Post',
  description: 'Makes an image or a clip larger, ×2, ×4 or to fit a size such as 3840×2160, with Lanczos.',
  inputs: { media: port.any({ label: 'Image or clip' }) },
  outputs: { media: port.any({ label: 'Upscaled' }) },
  params: z
    .object({
      method: z.enum(['lanczos', 'esrgan']).default('lanczos').meta({ ui: 'select', label: 'Method' } satisfies ParamUi),
      scale: z.union([z.literal(2), z.literal(4)]).default(2).meta({ ui: 'select', label: 'Scale', description: 'Used when no width and height are set.' } satisfies ParamUi),
      width: side('Width'),
      height: side('Height'),
    })
    .refine((params) => (params.width === undefined) === (params.height === undefined), {
      message: 'set both width and height, or neither (then scale applies)',
      path: ['width'],
    }),
  async run({ inputs, params, ctx }) {
    const media = imageOrClip(inputs.media, 'Upscale')
    if (params.method === 'esrgan') {
      throw new Error('ESRGAN upscaling is not available in this build yet; choose Lanczos for now')
    }
    const target: UpscaleTarget = params.width !== undefined && params.height !== undefined ? { width: params.width, height: params.height } : { scale: params.scale }
    const source = await ctx.assets.get(media)
    return { media: media.kind === 'video' ? await upscaleClip(source, media, target, ctx) : await upscaleStill(source, media, target, ctx) }
  },
})

async function upscaleClip(source: Blob, clip: AssetRef, target: UpscaleTarget, ctx: RunContext): Promise<AssetRef> {
  const facts = await probeClip(source)
  const size = upscaledSize(facts, target, true)
  ctx.log(`upscaling ${facts.width}×${facts.height} to ${size.width}×${size.height}, ${facts.frameCount} frames`)
  const started = performance.now()
  let frames = 0
  const rendered = await renderClip(source, {
    settings: { container: 'mp4' },
    resize: size,
    onFrame: () => {
      frames++
      if (frames === FRAMES_BEFORE_ESTIMATE && facts.frameCount > frames) {
        const perFrameS = (performance.now() - started) / 1000 / frames
        ctx.log(`about ${Math.ceil(perFrameS * (facts.frameCount - frames))} s left (${(1 / perFrameS).toFixed(1)} frames a second)`)
      }
    },
    signal: ctx.signal,
    onProgress: (fraction) => ctx.progress(fraction),
  })
  ctx.signal.throwIfAborted()
  const [videoCodec] = rendered.codecs
  const meta = { ...clip.meta, width: size.width, height: size.height, ...(videoCodec ? { videoCodec } : {}) }
  return ctx.assets.put(rendered.blob, { kind: 'video', mime: rendered.blob.type, meta })
}

async function upscaleStill(source: Blob, image: AssetRef, target: UpscaleTarget, ctx: RunContext): Promise<AssetRef> {
  const { pixels, ...from } = await readStill(source, image.mime)
  ctx.signal.throwIfAborted()
  const size = upscaledSize(from, target, false)
  const seeThrough = hasTransparency(pixels)
  if (seeThrough) premultiply(pixels)
  const upscaled = lanczosResampler(from.width, from.height, size.width, size.height)({ pixels, ...from })
  if (seeThrough) unpremultiply(upscaled)
  ctx.progress(0.9)
  const png = await writePng({ ...size, pixels: new Uint8ClampedArray(upscaled.buffer) })
  ctx.signal.throwIfAborted()
  ctx.progress(1)
  return ctx.assets.put(png, { kind: 'image', mime: 'image/png', meta: { ...image.meta, width: size.width, height: size.height } })
}
