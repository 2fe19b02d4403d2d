/*
 * Back ends that make a clip larger in the cloud: Runway's video upscale and Topaz's video API.
 * Their jobs are paid like generation's, so they share its job handling (`runJob`: recorded in the
 * ledger before the first poll, followed, cancelled, resumed after a reload, the result downloaded
 * at once); what differs is what they are asked and what they can do, which is said here so the
 * upscale node refuses an impossible request before anything is paid.
 */
import type { CostEstimate, GeneratedClip, JobBackEnd, SubmitJob } from './provider'

export interface PictureSize {
  width: number
  height: number
}

/** The clip to upscale, as its container describes it. */
export interface UpscaleSource extends PictureSize {
  fps: number
  frameCount: number
  durationS: number
  bytes: number
  /** The container's media type: `video/mp4`, `video/quicktime`, `video/webm`. */
  mime: string
}

/** What an upscale would be: enough to price it and check it, before the clip's bytes are read. */
export interface UpscalePlan {
  source: UpscaleSource
  /** The size the filmmaker asked for (even sides); a back end may make its nearest size instead. */
  target: PictureSize
}

export interface UpscaleRequest extends UpscalePlan {
  clip: Blob
}

export interface UpscaleCapabilities {
  /** The most either side grows. */
  maxFactor: number
  /** The largest picture made: its long side and its short side. */
  maxOutput: { long: number; short: number }
  /** The longest clip taken, when the back end says. */
  maxDurationS?: number
  /** The largest file taken, when the back end says. */
  maxBytes?: number
}

export interface UpscaleProvider extends JobBackEnd<UpscaleRequest, GeneratedClip> {
  capabilities: UpscaleCapabilities
  /** The size it makes for `target`: some back ends make only a few sizes (Runway's 720p, 1k, 2k, 4k). */
  outputSize(source: PictureSize, target: PictureSize): PictureSize
  estimateCost(plan: UpscalePlan): CostEstimate
  /** Starts the paid job (uploading the clip where the back end wants it first) and gives its id. */
  submit(request: UpscaleRequest, job: SubmitJob): Promise<string>
}

/** Why a back end cannot make this upscale, or undefined when it can. */
export function checkUpscale(plan: UpscalePlan, provider: UpscaleProvider): string | undefined {
  const { source } = plan
  const { maxFactor, maxOutput, maxDurationS, maxBytes } = provider.capabilities
  if (maxDurationS !== undefined && source.durationS > maxDurationS) {
    return `the clip is ${source.durationS.toFixed(1)} s and ${provider.name} upscales at most ${maxDurationS} s: trim it or split it first`
  }
  if (maxBytes !== undefined && source.bytes > maxBytes) {
    return `the clip is ${megabytes(source.bytes)} and ${provider.name} takes at most ${megabytes(maxBytes)}`
  }
  const made = provider.outputSize(source, plan.target)
  const factor = Math.max(made.width / source.width, made.height / source.height)
  if (made.width <= source.width && made.height <= source.height) {
    return `the clip is already ${source.width}×${source.height}, as large as asked: there is nothing to upscale`
  }
  if (factor > maxFactor + 1e-6) return `×${factor.toFixed(1)} is more than ${provider.name} enlarges (at most ×${maxFactor})`
  const long = Math.max(made.width, made.height)
  const short = Math.min(made.width, made.height)
  if (long > maxOutput.long || short > maxOutput.short) {
    return `${made.width}×${made.height} is larger than ${provider.name} makes (at most ${maxOutput.long}×${maxOutput.short})`
  }
  return undefined
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** `size` grown or shrunk to `long` pixels on its long side, the shape kept and both sides even. */
export function withLongSide(size: PictureSize, long: number): PictureSize {
  const factor = long / Math.max(size.width, size.height)
  const even = (length: number) => Math.max(2, 2 * Math.round((length * factor) / 2))
  return { width: even(size.width), height: even(size.height) }
}
