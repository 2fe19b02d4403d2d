/*
 * Google Veo on the Gemini API (docs/providers.md §4): a take is a long-running operation started with
 * `models/<model>:predictLongRunning` and read back by its name until `done`. A done operation
 * carries an `error`, or samples whose video link needs the key to download and lives about two
 * days, so the clip is fetched at once; or no samples at all when safety filters removed them.
 * Images go inline as raw base64 (no `data:` prefix). The Gemini API documents no cancel for these
 * operations and takes no id of ours to find a lost one by: a cancelled take runs on, is paid, and
 * still lands in the cache. Veo 3.1 makes its own sound, always.
 */
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { base64Of } from '../encoding'
import { classifyStatus, keyedCall, pause, ProviderError } from '../http'
import type { CostEstimate, GenerationProvider, GenerationRequest, JobStatus, ReferenceImage } from '../provider'

export const VEO_API = 'https://generativelanguage.googleapis.com/v1beta'
/** Both models share one Gemini API key, kept under this id. */
export const VEO_KEY_ID = 'veo'

/** Gemini API model ids (check `GET /v1beta/models`: preview ids change as models reach GA). */
export const VEO_MODELS = {
  standard: { model: 'veo-3.1-generate-preview', id: 'veo', name: 'Veo 3.1' },
  fast: { model: 'veo-3.1-fast-generate-preview', id: 'veo-fast', name: 'Veo 3.1 Fast' },
} as const
export type VeoTier = keyof typeof VEO_MODELS

/**
 * Dollars per second of clip, sound included (the Gemini API always makes it), by resolution:
 * Google's Gemini API price list as third parties quoted it in May 2026 — not read from Google's
 * own page; the run's log and the node show the basis.
 */
const PRICE_PER_SECOND_USD: Record<VeoTier, Record<number, number>> = {
  standard: { 720: 0.4, 1080: 0.4, 2160: 0.6 },
  fast: { 720: 0.1, 1080: 0.12, 2160: 0.3 },
}
const PRICES_AS_OF = 'Gemini API list price, May 2026'

/** A request of the Gemini API is at most 20 MB; images grow by a third as base64. */
const MAX_INLINE_IMAGE_BYTES = 14 * 1024 * 1024
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp']

export interface VeoOptions {
  tier?: VeoTier
  /** docs/providers.md §4 asks for about one poll every 10 s; tests go faster. */
  pollIntervalMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function createVeo(remote: RemoteAccess, options: VeoOptions = {}): GenerationProvider {
  const tier = options.tier ?? 'standard'
  const { model, id, name } = VEO_MODELS[tier]
  const sleep = options.sleep ?? pause

  const call = keyedCall(remote, {
    provider: name,
    keyId: VEO_KEY_ID,
    keyName: 'a Gemini API key',
    // The key goes only to Google's API host, whatever link an answer carries.
    headers: (key, url): Record<string, string> => (url.host === new URL(VEO_API).host ? { 'x-goog-api-key': key } : {}),
    classify: classifyVeo(name),
    sleep,
  })

  async function operation(jobId: string, signal?: AbortSignal): Promise<VeoOperation> {
    if (!OPERATION_NAME.test(jobId)) throw new ProviderError('not-found', `${name} does not know this job (${jobId.slice(0, 80)}).`)
    const response = await call(`${VEO_API}/${jobId}`, { method: 'GET' }, 'read', signal)
    return parseOperation(await response.json(), name)
  }

  return {
    id,
    name,
    account: VEO_KEY_ID,
    runsOn: 'cloud',
    capabilities: {
      durationS: { min: 4, max: 8 },
      durationsS: [4, 6, 8],
      aspects: ['16:9', '9:16'],
      heights: [720, 1080, 2160],
      fps: [24],
      maxReferenceImages: 3,
      nativeAudio: true,
      combinations: (request) => eightSecondsOnly(request, name),
    },
    pollIntervalMs: options.pollIntervalMs ?? 10_000,
    estimateCost(request): CostEstimate {
      const prices = PRICE_PER_SECOND_USD[tier]
      const perSecond = prices[request.height] ?? prices[2160] ?? 0
      const amount = perSecond * request.durationS
      return { amount, currency: 'USD', basis: `${model} ${resolutionOf(request.height)}: $${perSecond.toFixed(2)} per second × ${request.durationS} s, with sound (${PRICES_AS_OF})` }
    },
    async submit(request, job) {
      const body = { instances: [await instanceOf(request, name)], parameters: parametersOf(request) }
      const response = await call(`${VEO_API}/models/${model}:predictLongRunning`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, 'create', job.signal)
      const started = (await response.json()) as { name?: unknown }
      if (typeof started.name !== 'string' || !OPERATION_NAME.test(started.name)) throw new ProviderError('unavailable', `${name} accepted the shot but did not say which operation it started.`)
      return started.name
    },
    async poll(jobId, signal): Promise<JobStatus> {
      const current = await operation(jobId, signal)
      if (!current.done) return { state: 'running' }
      if (current.error) return current.error.code === CANCELLED ? { state: 'cancelled' } : { state: 'failed', message: failureMessage(current.error, name) }
      if (current.videos.length > 0) return { state: 'succeeded' }
      if (current.filtered > 0) return { state: 'failed', message: `Google’s safety filters removed the clip ${name} made; change the prompt or the reference images` }
      return { state: 'failed', message: `${name} finished without a clip; run again` }
    },
    // The Gemini API documents no cancel for Veo operations, and its SDK says an abort stops
    // nothing at Google and is charged: the take runs on and lands in the cache when done.
    cancel: async () => false,
    async fetchResult(jobId, signal) {
      const [url] = (await operation(jobId, signal)).videos
      if (!url) throw new ProviderError('unavailable', `${name} says the take is done but sent no clip.`)
      const response = await call(url, { method: 'GET' }, 'read', signal, classifyDownload(name))
      return clipFromDownload(await response.blob(), name)
    },
  }
}

/** `models/<model>/operations/<id>`: the only paths a job id may name. */
const OPERATION_NAME = /^models\/[A-Za-z0-9.-]+\/operations\/[A-Za-z0-9_-]+$/
/** google.rpc.Code CANCELLED. */
const CANCELLED = 1
const RESOURCE_EXHAUSTED = 8

function resolutionOf(height: number): string {
  return height >= 2160 ? '4k' : `${height}p`
}

/** Veo makes 1080p and 4K, and keeps subject references, only in 8 s clips. */
function eightSecondsOnly(request: GenerationRequest, name: string): string | undefined {
  if (request.durationS === 8) return undefined
  if (request.height > 720) return `${name} makes ${request.height >= 2160 ? '4K' : `${request.height}p`} clips only 8 s long (at 720p: 4, 6 or 8 s)`
  if (request.references.length > 1) return `${name} keeps subject references only in 8 s clips; make the shot 8 s, or link one image to start the clip from`
  return undefined
}

/**
 * One reference starts the clip (image-to-video, as on the other providers); two or three are
 * subject references (`ASSET`) whose look Veo keeps. The API takes one kind or the other.
 */
async function instanceOf(request: GenerationRequest, name: string): Promise<Record<string, unknown>> {
  const { references } = request
  const bytes = references.reduce((sum, reference) => sum + reference.image.size, 0)
  if (bytes > MAX_INLINE_IMAGE_BYTES) {
    throw new ProviderError('bad-request', `${name} takes reference images inline, at most ${MAX_INLINE_IMAGE_BYTES / 1024 / 1024} MB in all; these are ${(bytes / 1024 / 1024).toFixed(1)} MB.`)
  }
  const [first] = references
  if (!first) return { prompt: request.prompt.text }
  if (references.length === 1) return { prompt: request.prompt.text, image: await inlineImage(first, name) }
  return { prompt: request.prompt.text, referenceImages: await Promise.all(references.map(async (reference) => ({ image: await inlineImage(reference, name), referenceType: 'ASSET' }))) }
}

async function inlineImage(reference: ReferenceImage, name: string): Promise<{ bytesBase64Encoded: string; mimeType: string }> {
  const mimeType = reference.image.type
  if (!IMAGE_TYPES.includes(mimeType)) {
    throw new ProviderError('bad-request', `${name} takes PNG, JPEG or WebP reference images; ${reference.name ?? 'one'} is ${mimeType || 'of no known type'}.`)
  }
  // Raw base64: the Gemini API refuses a `data:` prefix here.
  return { bytesBase64Encoded: await base64Of(reference.image), mimeType }
}

/** No seed: the Gemini API refuses it (Vertex only), so takes differ by chance, not by seed. */
function parametersOf(request: GenerationRequest): Record<string, unknown> {
  return { aspectRatio: request.aspect, durationSeconds: request.durationS, resolution: resolutionOf(request.height) }
}

interface RpcStatus {
  code: number
  message: string
}

interface VeoOperation {
  done: boolean
  error?: RpcStatus
  /** Download links of the samples made. */
  videos: string[]
  /** Samples the safety filters removed. */
  filtered: number
}

function parseOperation(body: unknown, name: string): VeoOperation {
  const operation = (body ?? {}) as { name?: unknown; done?: unknown; error?: { code?: unknown; message?: unknown }; response?: { generateVideoResponse?: { generatedSamples?: unknown; raiMediaFilteredCount?: unknown } } }
  if (typeof operation.name !== 'string') throw new ProviderError('unavailable', `${name} answered with an operation this app cannot read.`)
  const answer = operation.response?.generateVideoResponse
  const samples = Array.isArray(answer?.generatedSamples) ? (answer.generatedSamples as { video?: { uri?: unknown } }[]) : []
  return {
    done: operation.done === true,
    ...(operation.error ? { error: { code: Number(operation.error.code), message: typeof operation.error.message === 'string' ? operation.error.message : '' } } : {}),
    videos: samples.map((sample) => sample.video?.uri).filter((uri): uri is string => typeof uri === 'string'),
    filtered: typeof answer?.raiMediaFilteredCount === 'number' ? answer.raiMediaFilteredCount : 0,
  }
}

/** A failed operation's own text is not for showing; its code and a few words say what kind it was. */
function failureMessage(error: RpcStatus, name: string): string {
  if (isPolicyText(error.message)) return 'Google’s content policy refused this shot; change the prompt or the reference images'
  if (error.code === RESOURCE_EXHAUSTED) return `${name} ran out of quota while making it; run again later`
  return `${name} could not make it; run again`
}

function isPolicyText(text: string): boolean {
  return /responsible ai|safety|sensitive|policy|prohibited|blocked/i.test(text)
}

interface RpcErrorBody {
  status?: string
  message?: string
  details?: { '@type'?: string; reason?: string; retryDelay?: string }[]
}

function rpcError(body: unknown): RpcErrorBody {
  const error = (body as { error?: unknown } | undefined)?.error
  return typeof error === 'object' && error !== null ? (error as RpcErrorBody) : {}
}

/** Google RPC errors (`{ error: { code, message, status, details } }`) in a person's words. */
function classifyVeo(name: string) {
  return (status: number, body: unknown): ProviderError | undefined => {
    const error = rpcError(body)
    const message = typeof error.message === 'string' ? error.message : ''
    const details = Array.isArray(error.details) ? error.details : []
    // A wrong key is a 400 here, with its reason in the details.
    if (details.some((detail) => detail.reason === 'API_KEY_INVALID') || status === 401 || status === 403) return classifyStatus(name, 401)
    if (status === 429 || error.status === 'RESOURCE_EXHAUSTED') {
      const delay = details.map((detail) => /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay ?? '')).find((match) => match !== null)
      return new ProviderError('rate-limited', `${name} is over the quota of your Gemini API project just now; try again in a little while.`, delay ? Number(delay[1]) : undefined)
    }
    if (status === 400 && isPolicyText(message)) return new ProviderError('content-policy', 'Google’s content policy refused this shot; change the prompt or the reference images.')
    if (status === 400 && error.status === 'FAILED_PRECONDITION') return new ProviderError('out-of-credit', `Google will not run ${name} for this key’s project (billing not enabled, or not offered where you are): see Google AI Studio.`)
    if (status === 400) return new ProviderError('bad-request', `${name} refused the request${message ? `: ${message.slice(0, 200).replace(/\.$/, '')}` : ''}.`)
    return undefined
  }
}

/** A clip Google no longer keeps (about two days) answers 403 or 404 to its own link. */
function classifyDownload(name: string) {
  const classify = classifyVeo(name)
  return (status: number, body: unknown): ProviderError | undefined => {
    const known = classify(status, body)
    if (known && known.failure !== 'bad-key') return known
    if (status === 403 || status === 404 || status === 410) {
      return new ProviderError('expired', `${name}’s clip is no longer kept by Google (it keeps them about two days); run the node again to make it anew.`)
    }
    return known
  }
}
