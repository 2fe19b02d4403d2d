/*
 * One interface for every generation back end, local or cloud. A node that generates knows only
 * this: what a back end can do, what a request would cost, and how to submit, follow, cancel and
 * collect a job. A request a back end cannot honour is refused by `checkRequest` before anything is
 * submitted, so nothing is paid for a clip that could never come back.
 */

export const ASPECTS = ['16:9', '9:16', '1:1'] as const
export type Aspect = (typeof ASPECTS)[number]

/** The shot prompt as a back end receives it: the composed text and the fields it came from. */
export interface ShotPrompt {
  text: string
  /** subject, action, environment, camera, lighting, mood, style, dialogue, durationS */
  fields: Record<string, string>
}

export interface ReferenceImage {
  image: Blob
  name?: string
  /** What the image stands for: `character`, `location`, `style` (a storyboard frame); unset when nobody said. */
  role?: string
}

export interface GenerationRequest {
  prompt: ShotPrompt
  references: ReferenceImage[]
  durationS: number
  aspect: Aspect
  /** The resolution class, as back ends name it: 720 is 1280×720 in 16:9 and 720×1280 in 9:16. */
  height: number
  fps: number
  seed: number
}

export interface ProviderCapabilities {
  durationS: { min: number; max: number }
  aspects: readonly Aspect[]
  heights: readonly number[]
  fps: readonly number[]
  maxReferenceImages: number
  /** True when the clip comes back with its own sound. */
  nativeAudio: boolean
}

export interface CostEstimate {
  /** In `currency`; zero for a local back end. */
  amount: number
  currency: 'USD'
  /** How it was worked out, for the person deciding whether to run: "$0.05 per second × 8 s". */
  basis: string
}

/** Where a submitted job stands. */
export type JobStatus =
  | { state: 'queued' }
  | { state: 'running'; progress?: number }
  | { state: 'succeeded' }
  | { state: 'failed'; message: string }
  | { state: 'cancelled' }

/** A finished clip, as the bytes to store and the facts about it. */
export interface GeneratedClip {
  video: Blob
  width: number
  height: number
  fps: number
  durationS: number
  hasAudio: boolean
}

export interface GenerationProvider {
  /** Stable: documents name it in generate-video's `provider` param. */
  id: string
  /** As the filmmaker knows it. */
  name: string
  capabilities: ProviderCapabilities
  /** How long to wait between polls of one job; back ends ask for anything from 0.1 s to 10 s. */
  pollIntervalMs: number
  estimateCost(request: GenerationRequest): CostEstimate
  /** Starts a job and gives its id; the job runs on (and is paid for) from here on. */
  submit(request: GenerationRequest): Promise<string>
  poll(jobId: string): Promise<JobStatus>
  cancel(jobId: string): Promise<void>
  /** The clip of a succeeded job, to be stored at once: a back end's result links expire. */
  fetchResult(jobId: string): Promise<GeneratedClip>
}

/** The frame size a request asks for: `height` is the short side, each side even (H.264 needs it). */
export function frameSize(aspect: Aspect, height: number): { width: number; height: number } {
  const [across, down] = aspect.split(':').map(Number) as [number, number]
  const long = even((height * Math.max(across, down)) / Math.min(across, down))
  return across >= down ? { width: long, height: even(height) } : { width: even(height), height: long }
}

function even(size: number): number {
  return 2 * Math.round(size / 2)
}

/** Why a back end cannot make this request, or undefined when it can. */
export function checkRequest(request: GenerationRequest, capabilities: ProviderCapabilities): string | undefined {
  const { durationS, aspects, heights, fps, maxReferenceImages } = capabilities
  if (request.durationS > durationS.max) return `${request.durationS} s is longer than this provider makes (at most ${durationS.max} s)`
  if (request.durationS < durationS.min) return `${request.durationS} s is shorter than this provider makes (at least ${durationS.min} s)`
  if (!aspects.includes(request.aspect)) return `this provider does not make ${request.aspect} (it makes ${aspects.join(', ')})`
  if (!heights.includes(request.height)) return `this provider does not make ${request.height}p (it makes ${heights.map((h) => `${h}p`).join(', ')})`
  if (!fps.includes(request.fps)) return `this provider does not make ${request.fps} fps (it makes ${fps.join(', ')} fps)`
  if (request.references.length > maxReferenceImages) {
    return `${request.references.length} reference images are more than this provider takes (at most ${maxReferenceImages})`
  }
  return undefined
}

export interface GenerateOptions {
  signal?: AbortSignal
  /** From 0 to 1. */
  onProgress?: (fraction: number) => void
}

/**
 * Submits a request and follows it to its clip. On abort the job is cancelled at the back end, so a
 * cancel in the app stops the work (and the spending) there too.
 */
export async function generate(provider: GenerationProvider, request: GenerationRequest, options: GenerateOptions = {}): Promise<GeneratedClip> {
  const { signal, onProgress } = options
  signal?.throwIfAborted()
  const jobId = await provider.submit(request)
  try {
    for (;;) {
      signal?.throwIfAborted()
      const status = await provider.poll(jobId)
      if (status.state === 'succeeded') break
      if (status.state === 'failed') throw new Error(`${provider.name} could not make this take: ${status.message}`)
      if (status.state === 'cancelled') throw new Error(`${provider.name} cancelled this take`)
      if (status.state === 'running' && status.progress !== undefined) onProgress?.(status.progress)
      await pause(provider.pollIntervalMs, signal)
    }
  } catch (error) {
    if (signal?.aborted) await provider.cancel(jobId)
    throw error
  }
  const clip = await provider.fetchResult(jobId)
  onProgress?.(1)
  return clip
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener('abort', stop)
      resolve()
    }
    const timer = setTimeout(done, ms)
    const stop = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', stop, { once: true })
  })
}
