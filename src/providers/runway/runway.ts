/*
 * Runway's developer API (docs/providers.md §1): a task is created, polled no faster than every five
 * seconds, and its result links expire within a day or two, so the clip is downloaded at once (and
 * the task asked again for fresh links when one has expired). Text-to-video uses gen4.5; a shot with
 * a reference image is image-to-video on gen4_turbo, the image sent inline as a data URI.
 */
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { dataUriOf } from '../encoding'
import { keyedCall, pause, ProviderError } from '../http'
import { frameSize, type CostEstimate, type GeneratedClip, type GenerationProvider, type GenerationRequest, type JobBackEnd, type JobStatus } from '../provider'

export const RUNWAY_API = 'https://api.dev.runwayml.com'
const API_VERSION = '2024-11-06'
const NAME = 'Runway'
/** Inline images and clips may be at most 5 MB. */
export const MAX_DATA_URI_BYTES = 5 * 1024 * 1024
/** Prompt text is at most 1000 UTF-16 code units. */
const MAX_PROMPT_UNITS = 1000

/**
 * List prices, from Runway's credit rates (1 credit = $0.01) as of 2025 — not confirmed by Runway
 * since; the task's own `estimatedCost` is logged once it is created.
 */
const CREDITS_PER_SECOND = { 'gen4.5': 12, gen4_turbo: 5 } as const
const PRICES_AS_OF = '2025'

export interface RunwayOptions {
  /** Runway asks for no more than one poll every 5 s; tests go faster. */
  pollIntervalMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** Runway's task calls, which every Runway back end shares: keyed calls, and following a task to its clip. */
export function runwayTasks(remote: RemoteAccess, options: RunwayOptions = {}, noun = 'take') {
  const sleep = options.sleep ?? pause

  const call = keyedCall(remote, {
    provider: NAME,
    keyId: 'runway',
    base: RUNWAY_API,
    headers: (key) => ({ Authorization: `Bearer ${key}`, 'X-Runway-Version': API_VERSION }),
    classify: classifyRunway,
    sleep,
  })

  /** POSTs a create body and gives the new task's id; a create is never retried after a 5xx. */
  async function create(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<string> {
    const response = await call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, 'create', signal)
    const created = (await response.json()) as { id?: unknown }
    if (typeof created.id !== 'string') throw new ProviderError('unavailable', `${NAME} accepted the ${noun} but did not say which task it made.`)
    return created.id
  }

  async function task(id: string, signal?: AbortSignal): Promise<RunwayTask> {
    const response = await call(`/v1/tasks/${encodeURIComponent(id)}`, { method: 'GET' }, 'read', signal)
    return parseTask(await response.json())
  }

  // How a task is followed, whatever it makes: a take or an upscale.
  const following: Omit<JobBackEnd<never, GeneratedClip>, 'id' | 'estimateCost' | 'submit'> = {
    name: NAME,
    runsOn: 'cloud',
    pollIntervalMs: options.pollIntervalMs ?? 6000,
    async poll(jobId, signal): Promise<JobStatus> {
      const current = await task(jobId, signal)
      switch (current.status) {
        case 'PENDING':
        case 'THROTTLED':
          // Throttled means queued behind the account's other tasks: not an error.
          return { state: 'queued' }
        case 'RUNNING':
          return { state: 'running', ...(current.progress !== undefined ? { progress: current.progress } : {}) }
        case 'SUCCEEDED':
          return { state: 'succeeded' }
        case 'FAILED':
          return { state: 'failed', message: noun === 'upscale' ? upscaleFailureMessage(current.failureCode) : failureMessage(current.failureCode) }
        case 'CANCELLED':
          return { state: 'cancelled' }
      }
    },
    async cancel(jobId) {
      // DELETE on a finished task deletes its output: never before the clip is downloaded.
      const current = await task(jobId)
      if (current.status === 'SUCCEEDED' || current.status === 'FAILED' || current.status === 'CANCELLED') return false
      await call(`/v1/tasks/${encodeURIComponent(jobId)}`, { method: 'DELETE' }, 'read')
      return true
    },
    async fetchResult(jobId, signal) {
      // Asked afresh each time: a link from an earlier answer may have expired.
      for (let attempt = 0; attempt < 2; attempt++) {
        const url = (await task(jobId, signal)).output?.[0]
        if (!url) throw new ProviderError('unavailable', `${NAME} says the ${noun} is done but sent no clip.`)
        const response = await remote.fetch(url, signal ? { signal } : {})
        if (response.ok) return clipFromDownload(await response.blob(), NAME)
        if (response.status !== 403 && response.status !== 410) throw new ProviderError('unavailable', `${NAME}'s clip could not be downloaded (HTTP ${response.status}).`)
      }
      throw new ProviderError('expired', `${NAME}'s links to this ${noun} keep expiring before they can be read; run the node again to fetch it.`)
    },
  }

  return { create, following }
}

export function createRunway(remote: RemoteAccess, options: RunwayOptions = {}): GenerationProvider {
  const { create, following } = runwayTasks(remote, options)
  return {
    id: 'runway',
    ...following,
    capabilities: {
      durationS: { min: 2, max: 10 },
      aspects: ['16:9', '9:16'],
      heights: [720],
      fps: [24],
      maxReferenceImages: 1,
      nativeAudio: false,
    },
    estimateCost(request): CostEstimate {
      const model = modelFor(request)
      const seconds = Math.round(request.durationS)
      const credits = CREDITS_PER_SECOND[model] * seconds
      return { amount: credits / 100, currency: 'USD', basis: `${model}: ${CREDITS_PER_SECOND[model]} credits per second × ${seconds} s (Runway list price, ${PRICES_AS_OF})` }
    },
    async submit(request, job) {
      const path = request.references.length > 0 ? '/v1/image_to_video' : '/v1/text_to_video'
      return create(path, await createBody(request), job.signal)
    },
  }
}

type RunwayModel = keyof typeof CREDITS_PER_SECOND

function modelFor(request: GenerationRequest): RunwayModel {
  return request.references.length > 0 ? 'gen4_turbo' : 'gen4.5'
}

async function createBody(request: GenerationRequest): Promise<Record<string, unknown>> {
  const { width, height } = frameSize(request.aspect, request.height)
  const promptText = truncateUnits(request.prompt.text, MAX_PROMPT_UNITS)
  const common = { ratio: `${width}:${height}`, promptText, duration: Math.round(request.durationS), seed: request.seed }
  const [reference] = request.references
  if (!reference) return { model: 'gen4.5', ...common }
  if (reference.image.size > MAX_DATA_URI_BYTES) {
    throw new ProviderError('bad-request', `${NAME} takes reference images of at most 5 MB inline; this one is ${(reference.image.size / 1024 / 1024).toFixed(1)} MB.`)
  }
  return { model: 'gen4_turbo', promptImage: await dataUriOf(reference.image), ...common }
}

function truncateUnits(text: string, units: number): string {
  return text.length <= units ? text : text.slice(0, units)
}

interface RunwayTask {
  status: 'PENDING' | 'THROTTLED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED'
  progress?: number
  output?: string[]
  failureCode?: string
}

const STATUSES = new Set(['PENDING', 'THROTTLED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'])

function parseTask(body: unknown): RunwayTask {
  const task = (body ?? {}) as Record<string, unknown>
  if (typeof task.status !== 'string' || !STATUSES.has(task.status)) {
    throw new ProviderError('unavailable', `${NAME} answered with a task state this app does not know.`)
  }
  return {
    status: task.status as RunwayTask['status'],
    ...(typeof task.progress === 'number' ? { progress: task.progress } : {}),
    ...(Array.isArray(task.output) ? { output: task.output.filter((url): url is string => typeof url === 'string') } : {}),
    ...(typeof task.failureCode === 'string' ? { failureCode: task.failureCode } : {}),
  }
}

/** Runway's failure text is not for showing; its code says what kind of failure it was. */
function failureMessage(code: string | undefined): string {
  if (code?.startsWith('SAFETY')) return 'Runway’s content policy refused this shot; change the prompt or the reference image'
  if (code?.startsWith('INPUT_PREPROCESSING')) return 'Runway could not use the reference image; try another image'
  if (code?.startsWith('ASSET.INVALID')) return 'Runway could not read the reference image; use a PNG or JPEG'
  if (code?.startsWith('INTERNAL')) return 'Runway failed on its side; run again'
  return `Runway could not make it${code ? ` (${code})` : ''}`
}

/** The same codes, said of a clip sent to be upscaled rather than of a shot's prompt and references. */
function upscaleFailureMessage(code: string | undefined): string {
  if (code?.startsWith('SAFETY')) return 'Runway’s content policy refused this clip'
  if (code?.startsWith('INPUT_PREPROCESSING') || code?.startsWith('ASSET.INVALID')) return 'Runway could not read the clip; re-export it as H.264 in MP4'
  return failureMessage(code)
}

function classifyRunway(status: number, body: unknown): ProviderError | undefined {
  if (status === 400) {
    const detail = typeof (body as { error?: unknown })?.error === 'string' ? (body as { error: string }).error : undefined
    return new ProviderError('bad-request', `${NAME} refused the request${detail ? `: ${detail.slice(0, 200)}` : ''}.`)
  }
  return undefined
}
