/*
 * Video models hosted on fal.ai (docs/providers.md §5), one provider each so a document names the model
 * it was made with: Kling 2.1 (image to video: the shot starts on its reference image) and Veo 3.1
 * (text or image to video, with its own sound). Both go through fal's queue with one fal key; a
 * reference image goes inline as a data URI. fal can cancel a take only while it waits in line;
 * one a runner has started runs on, is paid, and lands in the cache.
 */
import { z } from 'zod'
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { ProviderError } from '../http'
import type { CostEstimate, GenerationProvider, GenerationRequest, ProviderCapabilities } from '../provider'
import { FAL_ACCOUNT, falImageInput, falJobs, falQueue, type FalQueueOptions } from './queue'

/** fal's list prices, from its model pages as crawled in 2026 (docs/providers.md §5). */
const PRICES_AS_OF = 'fal list price, 2026'

export interface FalOptions extends FalQueueOptions {
  pollIntervalMs?: number
}

/** What differs between the models: everything else is the queue's. */
interface FalVideoModel {
  id: string
  name: string
  capabilities: ProviderCapabilities
  estimateCost(request: GenerationRequest): CostEstimate
  /** The endpoint and its input for a request, the reference image already a data URI. */
  endpoint(request: GenerationRequest, image: string | undefined): { model: string; input: Record<string, unknown> }
}

/** Kling 2.1 standard for 720p and pro for 1080p: a price for 5 s and one for each second past it. */
const KLING_PRICE: Record<number, { tier: 'standard' | 'pro'; firstFiveS: number; perExtraS: number }> = {
  720: { tier: 'standard', firstFiveS: 0.28, perExtraS: 0.056 },
  1080: { tier: 'pro', firstFiveS: 0.49, perExtraS: 0.098 },
}

const kling: FalVideoModel = {
  id: 'fal-kling',
  name: 'Kling 2.1 on fal',
  capabilities: {
    durationS: { min: 5, max: 10 },
    durationsS: [5, 10],
    // The clip takes the reference image's shape, which the reference nodes crop to the shot's aspect.
    aspects: ['16:9', '9:16', '1:1'],
    heights: [720, 1080],
    fps: [24],
    maxReferenceImages: 1,
    minReferenceImages: 1,
    nativeAudio: false,
  },
  estimateCost(request) {
    const price = klingPrice(request.height)
    const amount = price.firstFiveS + Math.max(0, request.durationS - 5) * price.perExtraS
    return { amount, currency: 'USD', basis: `Kling 2.1 ${price.tier}, ${request.durationS} s: $${amount.toFixed(2)} (${PRICES_AS_OF})` }
  },
  endpoint(request, image) {
    return {
      model: `fal-ai/kling-video/v2.1/${klingPrice(request.height).tier}/image-to-video`,
      input: { prompt: request.prompt.text.slice(0, 2500), image_url: image, duration: String(request.durationS) },
    }
  },
}

function klingPrice(height: number): (typeof KLING_PRICE)[number] {
  return KLING_PRICE[height] ?? (KLING_PRICE[1080] as (typeof KLING_PRICE)[number])
}

/** Veo 3.1 with its sound on, 720p or 1080p. */
const VEO_USD_PER_SECOND = 0.4

const veo: FalVideoModel = {
  id: 'fal-veo',
  name: 'Veo 3.1 on fal',
  capabilities: {
    durationS: { min: 4, max: 8 },
    durationsS: [4, 6, 8],
    aspects: ['16:9', '9:16'],
    heights: [720, 1080],
    fps: [24],
    maxReferenceImages: 1,
    nativeAudio: true,
  },
  estimateCost(request) {
    const amount = VEO_USD_PER_SECOND * request.durationS
    return { amount, currency: 'USD', basis: `Veo 3.1 with sound: $${VEO_USD_PER_SECOND.toFixed(2)} per second × ${request.durationS} s (${PRICES_AS_OF})` }
  },
  endpoint(request, image) {
    const input = {
      prompt: request.prompt.text,
      aspect_ratio: request.aspect,
      duration: `${request.durationS}s`,
      resolution: `${request.height}p`,
      generate_audio: true,
    }
    return image ? { model: 'fal-ai/veo3.1/image-to-video', input: { ...input, image_url: image } } : { model: 'fal-ai/veo3.1', input }
  },
}

export const createFalKling = (remote: RemoteAccess, options?: FalOptions) => falVideoProvider(kling, remote, options)
export const createFalVeo = (remote: RemoteAccess, options?: FalOptions) => falVideoProvider(veo, remote, options)

const videoOutput = z.object({ video: z.object({ url: z.string() }) })

function falVideoProvider(spec: FalVideoModel, remote: RemoteAccess, options: FalOptions = {}): GenerationProvider {
  const queue = falQueue(remote, options)
  return {
    id: spec.id,
    name: spec.name,
    account: FAL_ACCOUNT,
    runsOn: 'cloud',
    capabilities: spec.capabilities,
    pollIntervalMs: options.pollIntervalMs ?? 2000,
    estimateCost: (request) => spec.estimateCost(request),
    ...falJobs(queue, {
      async ask(request: GenerationRequest) {
        const [reference] = request.references
        return spec.endpoint(request, reference ? await falImageInput(reference.image) : undefined)
      },
      async collect(answer, signal) {
        const output = videoOutput.safeParse(answer)
        if (!output.success) throw new ProviderError('unavailable', `${spec.name} says the take is done but sent no clip.`)
        return clipFromDownload(await queue.download(output.data.video.url, signal), spec.name)
      },
    }),
  }
}
