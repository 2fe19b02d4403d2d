/*
 * Storyboard frames from FLUX on fal.ai (docs/providers.md §5, the same queue as the video models):
 * FLUX.1 [dev] from the prompt alone, at the frame size asked; with reference images, FLUX.1
 * Kontext [pro], which keeps their characters and places (one image, or up to four with `multi`),
 * at the shot's aspect and its own size. References go inline as data URIs; a frame the safety
 * checker blanked is a refusal, not a result.
 */
import { z } from 'zod'
import type { RemoteAccess } from '../../engine'
import { ProviderError } from '../http'
import { stillSize, type GeneratedImage, type ImageProvider, type ImageRequest } from '../image'
import type { CostEstimate } from '../provider'
import { FAL_ACCOUNT, falImageInput, falJobs, falQueue, type FalQueueOptions } from './queue'

/** fal list prices, as remembered in 2026 and not confirmed on fal's pages since: dev per megapixel (rounded up), Kontext per image. */
const DEV_USD_PER_MEGAPIXEL = 0.025
const KONTEXT_USD_PER_IMAGE = 0.04
const PRICES_AS_OF = 'fal list price, 2026, unconfirmed'
const MAX_REFERENCES = 4

const imageAnswer = z.object({
  images: z.array(z.object({ url: z.string(), width: z.number().optional(), height: z.number().optional(), content_type: z.string().optional() })).min(1),
  has_nsfw_concepts: z.array(z.boolean()).optional(),
})

export function createFalFlux(remote: RemoteAccess, options: FalQueueOptions & { pollIntervalMs?: number } = {}): ImageProvider {
  const queue = falQueue(remote, options)
  const name = 'FLUX on fal'
  return {
    id: 'fal-flux',
    name,
    account: FAL_ACCOUNT,
    runsOn: 'cloud',
    capabilities: { aspects: ['16:9', '9:16', '1:1'], heights: [480, 720, 1080], maxReferenceImages: MAX_REFERENCES },
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    estimateCost(request): CostEstimate {
      if (request.references.length > 0) return { amount: KONTEXT_USD_PER_IMAGE, currency: 'USD', basis: `FLUX.1 Kontext [pro] from ${request.references.length} reference${request.references.length === 1 ? '' : 's'}: $${KONTEXT_USD_PER_IMAGE.toFixed(2)} a frame (${PRICES_AS_OF})` }
      const { width, height } = stillSize(request)
      const megapixels = Math.ceil((width * height) / 1_000_000)
      const amount = megapixels * DEV_USD_PER_MEGAPIXEL
      return { amount, currency: 'USD', basis: `FLUX.1 [dev] ${width}×${height}: $${DEV_USD_PER_MEGAPIXEL} per megapixel × ${megapixels} (${PRICES_AS_OF})` }
    },
    ...falJobs(queue, {
      ask: (request: ImageRequest) => fluxInput(request),
      refusal(answer) {
        const parsed = imageAnswer.safeParse(answer)
        return parsed.success && parsed.data.has_nsfw_concepts?.[0] ? 'fal.ai’s safety checker blanked this frame; change the prompt or the reference images' : undefined
      },
      async collect(answer, signal): Promise<GeneratedImage> {
        const parsed = imageAnswer.safeParse(answer)
        const first = parsed.success ? parsed.data.images[0] : undefined
        if (!first) throw new ProviderError('unavailable', `${name} says the frame is done but sent no image.`)
        const image = await queue.download(first.url, signal)
        return { image: image.type ? image : new Blob([image], { type: first.content_type ?? 'image/png' }), ...(await imageSize(image, first)) }
      },
    }),
  }
}

async function fluxInput(request: ImageRequest): Promise<{ model: string; input: Record<string, unknown> }> {
  const common = { prompt: request.prompt.text, seed: request.seed, num_images: 1, output_format: 'png' }
  if (request.references.length === 0) {
    return { model: 'fal-ai/flux/dev', input: { ...common, image_size: stillSize(request), enable_safety_checker: true } }
  }
  const images = await Promise.all(request.references.map((reference) => falImageInput(reference.image)))
  const kontext = { ...common, aspect_ratio: request.aspect }
  return images.length === 1
    ? { model: 'fal-ai/flux-pro/kontext', input: { ...kontext, image_url: images[0] } }
    : { model: 'fal-ai/flux-pro/kontext/multi', input: { ...kontext, image_urls: images } }
}

/** The size a PNG says in its header, over what the answer said; the answer's when it is not a PNG. */
async function imageSize(image: Blob, answered: { width?: number | undefined; height?: number | undefined }): Promise<{ width: number; height: number }> {
  const head = new DataView(await image.slice(0, 24).arrayBuffer())
  if (head.byteLength === 24 && head.getUint32(0) === 0x89504e47 && head.getUint32(12) === 0x49484452) return { width: head.getUint32(16), height: head.getUint32(20) }
  if (answered.width && answered.height) return { width: answered.width, height: answered.height }
  throw new ProviderError('unavailable', 'FLUX on fal sent back a frame of unknown size, not a PNG.')
}
