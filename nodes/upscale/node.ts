import { z } from 'zod'
import { assetParam, defineNode, imageOrClip, isAssetRef, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { lanczosResampler } from '../../src/media/resample/lanczos'
import { probeClip } from '../../src/media/video/probe'
import { readStill, writePng } from '../../src/media/image/still'
import { renderClip, type RenderedClip } from '../../src/media/video/render'
import { pictureSize, storeRecipe, withStep, type RecipeAsset } from '../../src/media/video/recipe'
import { hasTransparency, premultiply, unpremultiply } from './alpha'
import { describeBackend, esrganTo } from './esrgan'
import { UPSCALE_PROVIDER_IDS, isUpscaleProviderId, upscaleProviderFor } from '../../src/providers/upscale-registry'
import { accountSlot } from '../../src/providers/provider'
import { cloudUpscale, estimateCloudSpend, upscaleWorkflowSetup } from './cloud'
import { upscaledSize, upscaleTarget, type FrameSize, type UpscaleTarget } from './size'

/** On this machine first (the default stays Lanczos, as documents made before the other back ends expect), then the cloud ones and ComfyUI. */
export const UPSCALE_METHODS = ['lanczos', 'esrgan', ...UPSCALE_PROVIDER_IDS] as const

const side = (label: string) =>
  z
    .number()
    .int()
    .min(16)
    .max(16384)
    .optional()
    .meta({ ui: 'number', step: 1, unit: 'px', label, placeholder: 'By scale', description: 'With both sides set, the picture fills this box as far as its shape allows.' } satisfies ParamUi)

export default defineNode({
  type: 'upscale',
  version: 1,
  title: 'Upscale',
  category: 'Post',
  description: 'Makes an image or a clip larger, ×2, ×4 or to fit a size such as 3840×2160: with Lanczos or ESRGAN here, a clip with Runway or Topaz in the cloud (paid), or on your own ComfyUI servers.',
  inputs: { media: port.either('image', 'video', { label: 'Image or clip' }) },
  outputs: { media: port.either('image', 'video', { label: 'Upscaled' }) },
  params: z
    .object({
      method: z
        .enum(UPSCALE_METHODS)
        .default('lanczos')
        .meta({
          ui: 'select',
          label: 'Method',
          description: 'Lanczos is fast; ESRGAN draws detail back in with a neural network, about a second per 256×256 tile here; Runway and Topaz upscale a clip in the cloud, paid, with your key; ComfyUI upscales a clip on your own GPU servers (File → Provider keys).',
        } satisfies ParamUi),
      scale: z
        .union([z.literal(2), z.literal(4)])
        .default(2)
        .meta({ label: 'Scale', optionLabels: { 2: '×2', 4: '×4' }, description: 'Used when no width and height are set.' } satisfies ParamUi),
      width: side('Width'),
      height: side('Height'),
      comfyWorkflow: assetParam('file', '.json,application/json')
        .optional()
        .meta({
          label: 'ComfyUI workflow',
          description: 'For ComfyUI only: your upscale workflow in API format (File → Export (API)) with {{video}} in its Load Video node and {{width}}, {{height}} where the size goes. Empty: the built-in Real-ESRGAN ×4 workflow.',
        } satisfies ParamUi),
    })
    .refine((params) => (params.width === undefined) === (params.height === undefined), {
      message: 'set both width and height, or neither (then scale applies)',
      path: ['width'],
    }),
  // A cloud back end's jobs queue for its own slot, so an account's concurrency is not exceeded.
  resources: (params) => (isUpscaleProviderId(params.method) ? [accountSlot(upscaleProviderFor(params.method))] : ['cpu']),
  async estimate({ inputs, pending, params, ctx }) {
    const { method } = params
    if (!isUpscaleProviderId(method)) return { kind: 'priced', provider: method, name: method === 'esrgan' ? 'ESRGAN' : 'Lanczos', usd: 0, units: 1, unit: 'upscale', basis: 'on this machine' }
    const { setup, approval, problem } = await upscaleWorkflowSetup(method, params.comfyWorkflow, ctx.assets)
    const provider = upscaleProviderFor(method, undefined, setup)
    if (problem) return { kind: 'cannot-run', provider: provider.id, name: provider.name, why: problem }
    const estimate = await estimateCloudSpend(provider, inputs.media, pending.has('media'), upscaleTarget(params), ctx)
    // A workflow of someone else's is agreed to before it is first sent.
    return approval && estimate.kind !== 'cannot-run' ? { ...estimate, approval } : estimate
  },
  async run({ inputs, params, ctx }) {
    const media = imageOrClip(inputs.media, 'Upscale')
    const target = upscaleTarget(params)
    const { method } = params
    if (isUpscaleProviderId(method) && media.kind !== 'video') {
      throw new Error(`${upscaleProviderFor(method).name} upscales clips; for a still, choose Lanczos or ESRGAN.`)
    }
    if (params.method === 'lanczos' && media.kind === 'video') return { media: await upscaleClip(media, target, ctx) }
    const source = await ctx.assets.get(media)
    if (isUpscaleProviderId(method)) {
      const { setup, problem } = await upscaleWorkflowSetup(method, params.comfyWorkflow, ctx.assets)
      if (problem) throw new Error(problem)
      return { media: await cloudUpscale(upscaleProviderFor(method, ctx.remote, setup), source, media, target, ctx, params.comfyWorkflow?.hash) }
    }
    if (params.method === 'esrgan') {
      return { media: media.kind === 'video' ? await esrganClip(source, media, target, ctx) : await esrganStill(source, media, target, ctx) }
    }
    return { media: await upscaleStill(source, media, target, ctx) }
  },
})

/**
 * A Lanczos resize is a step of the clip's render recipe, not a new encode (docs/architecture.md,
 * "Chains of pixel nodes"): graded before and exported after, the clip is decoded, graded, resized
 * and encoded once, when its picture is needed.
 */
async function upscaleClip(clip: AssetRef, target: UpscaleTarget, ctx: RunContext): Promise<AssetRef> {
  const from = await pictureSize(clip, (ref) => readAsset(ref, ctx))
  const size = upscaledSize(from, target, true)
  const recipe = withStep(clip, { step: 'resize', ...size })
  ctx.log(`upscaling ${from.width}×${from.height} to ${size.width}×${size.height}: step ${recipe.steps.length} of a render over the source clip, made in one pass when its picture is needed`)
  const upscaled = await storeRecipe(recipe, (bytes, info) => ctx.assets.put(bytes, info))
  if (!isAssetRef(upscaled)) throw new Error('the upscaled clip’s recipe could not be stored')
  return upscaled
}

/** An asset a recipe names, read from the store. */
function readAsset(ref: RecipeAsset, ctx: RunContext): Promise<Blob> {
  if (!isAssetRef(ref)) throw new Error('the clip’s render recipe names a file it cannot read')
  return ctx.assets.get(ref)
}

/**
 * A clip through ESRGAN frame by frame, on the same streaming render: seconds a frame, so progress
 * moves with every tile and the time left is logged once the first frame has shown the pace.
 */
async function esrganClip(source: Blob, clip: AssetRef, target: UpscaleTarget, ctx: RunContext): Promise<AssetRef> {
  const facts = await probeClip(source)
  const size = upscaledSize(facts, target, true)
  const frameCount = Math.max(1, facts.frameCount)
  let frames = 0
  let started = 0
  const upscale = esrganTo(size, {
    signal: ctx.signal,
    onStart: (backend, tiles) => {
      if (frames > 0) return
      started = performance.now()
      ctx.log(`ESRGAN on ${describeBackend(backend)}: ${facts.width}×${facts.height} to ${size.width}×${size.height}, ${frameCount} frames of ${tiles} tiles`)
    },
    onTile: (done, total) => ctx.progress((frames + done / total) / frameCount),
  })
  const rendered = await renderClip(source, {
    settings: { container: 'mp4' },
    resize: {
      ...size,
      resample: async (frame) => {
        const pixels = await upscale(frame)
        frames++
        if (frames === 1 && frameCount > 1) {
          const frameS = (performance.now() - started) / 1000
          ctx.log(`about ${formatDuration(frameS * (frameCount - 1))} left (${frameS.toFixed(1)} s a frame)`)
        }
        return pixels
      },
    },
    signal: ctx.signal,
  })
  return storeClip(rendered, clip, size, ctx)
}

async function storeClip(rendered: RenderedClip, clip: AssetRef, size: FrameSize, ctx: RunContext): Promise<AssetRef> {
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
  return storeStill(upscaled, size, image, ctx)
}

/** A still through ESRGAN, tile by tile; its opacity, if it has any to keep, is scaled with Lanczos. */
async function esrganStill(source: Blob, image: AssetRef, target: UpscaleTarget, ctx: RunContext): Promise<AssetRef> {
  const still = await readStill(source, image.mime)
  ctx.signal.throwIfAborted()
  const size = upscaledSize(still, target, false)
  const seeThrough = hasTransparency(still.pixels)
  if (seeThrough) premultiply(still.pixels)
  const upscale = esrganTo(size, {
    signal: ctx.signal,
    onStart: (backend, tiles) => ctx.log(`ESRGAN on ${describeBackend(backend)}: ${still.width}×${still.height} to ${size.width}×${size.height} in ${tiles} tiles`),
    onTile: (done, total) => ctx.progress((0.95 * done) / total),
  })
  const upscaled = await upscale(still)
  if (seeThrough) {
    const opacity = lanczosResampler(still.width, still.height, size.width, size.height)(still)
    for (let alpha = 3; alpha < upscaled.length; alpha += 4) upscaled[alpha] = opacity[alpha]!
    unpremultiply(upscaled)
  }
  return storeStill(upscaled, size, image, ctx)
}

async function storeStill(pixels: Uint8Array, size: FrameSize, image: AssetRef, ctx: RunContext): Promise<AssetRef> {
  const png = await writePng({ ...size, pixels: new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length) })
  ctx.signal.throwIfAborted()
  ctx.progress(1)
  return ctx.assets.put(png, { kind: 'image', mime: 'image/png', meta: { ...image.meta, width: size.width, height: size.height } })
}

/** “40 s”, “3 min”, “2 h 5 min”: the time left as a person reads it. */
function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`
  const minutes = Math.ceil(seconds / 60)
  return minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
