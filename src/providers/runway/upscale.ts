/*
 * Runway's video upscale (docs/providers.md §1, `POST /v1/video_upscale`, model
 * `magnific_video_upscaler_creative`): the clip goes inline as a data URI (at most 5 MB), Runway
 * makes one of four sizes by the long side (720p, 1k, 2k, 4k), and the task is followed and
 * downloaded as a generation task is.
 */
import type { RemoteAccess } from '../../engine'
import { dataUriOf } from '../encoding'
import { ProviderError } from '../http'
import type { CostEstimate } from '../provider'
import { withLongSide, type PictureSize, type UpscalePlan, type UpscaleProvider } from '../upscale'
import { MAX_DATA_URI_BYTES, runwayTasks, type RunwayOptions } from './runway'

export const RUNWAY_UPSCALE_MODEL = 'magnific_video_upscaler_creative'

/** Runway's resolution classes by the long side they make (SDK 4.20.1; 1k and 2k read as 1920 and 2560). */
const RESOLUTIONS = [
  { name: '720p', long: 1280 },
  { name: '1k', long: 1920 },
  { name: '2k', long: 2560 },
  { name: '4k', long: 3840 },
] as const

/**
 * Runway has not published the creative upscaler's credit rate; this is its earlier upscaler's
 * (upscale_v1: 2 credits a second, 1 credit = $0.01, 2025), shown so the run's cost is not a
 * surprise. The task's own `estimatedCost` is what Runway charges.
 */
const CREDITS_PER_SECOND = 2
const PRICE_SOURCE = 'Runway’s upscale_v1 rate, 2025; the creative upscaler’s own rate is unpublished'

/** The class that reaches `target`'s long side, or the largest. */
function resolutionFor(target: PictureSize): (typeof RESOLUTIONS)[number] {
  const long = Math.max(target.width, target.height)
  return RESOLUTIONS.find((resolution) => resolution.long >= long) ?? RESOLUTIONS[RESOLUTIONS.length - 1]!
}

export function createRunwayUpscale(remote: RemoteAccess, options: RunwayOptions = {}): UpscaleProvider {
  const { create, following } = runwayTasks(remote, options, 'upscale')
  return {
    id: 'runway',
    ...following,
    capabilities: {
      // Its earlier upscaler's limits (4× up to 4K); the inline clip's 5 MB is the API's.
      maxFactor: 4,
      maxOutput: { long: 3840, short: 2160 },
      maxBytes: MAX_DATA_URI_BYTES,
    },
    outputSize: (source, target) => withLongSide(source, resolutionFor(target).long),
    estimateCost(plan: UpscalePlan): CostEstimate {
      const seconds = Math.max(1, Math.ceil(plan.source.durationS))
      return {
        amount: (CREDITS_PER_SECOND * seconds) / 100,
        currency: 'USD',
        basis: `${CREDITS_PER_SECOND} credits per second × ${seconds} s at ${resolutionFor(plan.target).name} (${PRICE_SOURCE})`,
      }
    },
    async submit(request, job) {
      if (request.clip.size > MAX_DATA_URI_BYTES) {
        throw new ProviderError('bad-request', `Runway takes clips of at most 5 MB inline; this one is ${(request.clip.size / 1024 / 1024).toFixed(1)} MB.`)
      }
      const videoUri = await dataUriOf(request.clip.type ? request.clip : new Blob([request.clip], { type: request.source.mime }))
      return create('/v1/video_upscale', { model: RUNWAY_UPSCALE_MODEL, videoUri, resolution: resolutionFor(request.target).name }, job.signal)
    },
  }
}
