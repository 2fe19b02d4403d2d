/*
 * Replicate's predictions API (docs/providers.md §6), running ByteDance's Seedance 1.0 Lite as an
 * official model: a prediction is created, followed on its `urls.get` through starting →
 * processing → succeeded | failed | canceled (progress read from the model's logs), stopped on its
 * `urls.cancel`, and its clip downloaded at once, because Replicate deletes an API prediction's
 * output an hour after it is made. Reference images go inline as data URIs when small, and are
 * uploaded to Replicate's file store first when not, as Replicate advises.
 */
import { z } from 'zod'
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { dataUriOf } from '../encoding'
import { keyedCall, pause, ProviderError } from '../http'
import { frameSize, type CostEstimate, type GenerationProvider, type GenerationRequest, type JobStatus } from '../provider'

export const REPLICATE_API = 'https://api.replicate.com/v1'
const NAME = 'Replicate'
export const REPLICATE_MODEL = 'bytedance/seedance-1-lite'

/** Replicate advises data URIs only for files under 1 MB; larger ones are uploaded (up to 100 MB). */
const MAX_DATA_URI_BYTES = 1024 * 1024
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024

/**
 * Seedance 1.0 Lite is billed by video tokens (width × height × fps × seconds / 1024) at $1.80 a
 * million: ByteDance's rate as resellers list it (2026; about $0.18 for 5 s of 720p). Replicate's
 * own price page was not read, so this is an estimate.
 */
const USD_PER_MILLION_TOKENS = 1.8
const PRICES_AS_OF = '2026, ByteDance’s token rate'

export interface ReplicateOptions {
  /** Replicate suggests polling every second or two; video takes minutes, so a little slower. */
  pollIntervalMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function createReplicate(remote: RemoteAccess, options: ReplicateOptions = {}): GenerationProvider {
  const sleep = options.sleep ?? pause
  /** The `urls` of each prediction as Replicate last gave them; after a reload, their documented form. */
  const links = new Map<string, PredictionLinks>()

  const call = keyedCall(remote, { provider: NAME, keyId: 'replicate', keyName: 'an API token', headers: (key) => ({ Authorization: `Bearer ${key}` }), classify: classifyReplicate, sleep })

  async function readPrediction(response: Response): Promise<Prediction> {
    const prediction = parsePrediction(await response.json())
    links.set(prediction.id, prediction.urls)
    return prediction
  }

  function linksOf(id: string): PredictionLinks {
    const path = `${REPLICATE_API}/predictions/${encodeURIComponent(id)}`
    return links.get(id) ?? { get: path, cancel: `${path}/cancel` }
  }

  async function prediction(id: string, signal?: AbortSignal): Promise<Prediction> {
    return readPrediction(await call(linksOf(id).get, { method: 'GET' }, 'read', signal))
  }

  /** A reference image as Replicate takes it: inline when small, else uploaded and named by its link. */
  async function imageInput(image: Blob, signal?: AbortSignal): Promise<string> {
    if (image.size <= MAX_DATA_URI_BYTES) return dataUriOf(image)
    if (image.size > MAX_UPLOAD_BYTES) {
      throw new ProviderError('bad-request', `${NAME} takes files of at most 100 MB; this reference image is ${(image.size / 1024 / 1024).toFixed(1)} MB.`)
    }
    const form = new FormData()
    form.append('content', image, `reference.${(image.type.split('/')[1] ?? 'png').replace('jpeg', 'jpg')}`)
    form.append('metadata', new Blob(['{}'], { type: 'application/json' }))
    // An upload starts no paid work, so it may be retried like a read.
    const response = await call(`${REPLICATE_API}/files`, { method: 'POST', body: form }, 'read', signal)
    const file = uploadedFile.safeParse(await response.json())
    if (!file.success) throw new ProviderError('unavailable', `${NAME} took the reference image but did not say where it is.`)
    return file.data.urls.get
  }

  return {
    id: 'replicate',
    name: NAME,
    runsOn: 'cloud',
    capabilities: {
      durationS: { min: 2, max: 12 },
      durationsS: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      aspects: ['16:9', '9:16', '1:1'],
      heights: [480, 720, 1080],
      fps: [24],
      maxReferenceImages: 4,
      nativeAudio: false,
      combinations: (request) =>
        request.references.length > 0 && request.height === 1080 ? 'Seedance takes reference images only at 480p or 720p: choose one of those, or unlink the references' : undefined,
    },
    pollIntervalMs: options.pollIntervalMs ?? 3000,
    estimateCost(request): CostEstimate {
      const amount = tokensOf(request) * (USD_PER_MILLION_TOKENS / 1_000_000)
      return { amount, currency: 'USD', basis: `seedance-1-lite ${request.height}p, ${request.durationS} s: about $${amount.toFixed(2)} (${PRICES_AS_OF})` }
    },
    async submit(request, job) {
      const references = await Promise.all(request.references.map((reference) => imageInput(reference.image, job.signal)))
      const input = {
        prompt: request.prompt.text,
        duration: Math.round(request.durationS),
        resolution: `${request.height}p`,
        aspect_ratio: request.aspect,
        fps: request.fps,
        seed: request.seed,
        ...(references.length > 0 ? { reference_images: references } : {}),
      }
      // No `Prefer: wait`: a create held open for up to a minute would leave the paid job unrecorded
      // that long. A create that answers with the prediction already finished is followed the same way.
      const response = await call(`${REPLICATE_API}/models/${REPLICATE_MODEL}/predictions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ input }) }, 'create', job.signal)
      return (await readPrediction(response)).id
    },
    async poll(jobId, signal): Promise<JobStatus> {
      const current = await prediction(jobId, signal)
      switch (current.status) {
        case 'starting':
          return { state: 'queued' }
        case 'processing': {
          const progress = progressOf(current.logs)
          return { state: 'running', ...(progress !== undefined ? { progress } : {}) }
        }
        case 'succeeded':
          return { state: 'succeeded' }
        case 'failed':
          return { state: 'failed', message: failureMessage(current.error) }
        case 'aborted':
          // A deadline passed before it started: Replicate does not bill an aborted run.
          return { state: 'failed', message: 'Replicate gave up on it before it started (not billed); run again' }
        case 'canceled':
          return { state: 'cancelled' }
      }
    },
    async cancel(jobId) {
      const answer = await readPrediction(await call(linksOf(jobId).cancel, { method: 'POST' }, 'read'))
      // A prediction that finished before the cancel arrived has its clip: it is paid, so it is fetched.
      return answer.status !== 'succeeded'
    },
    async fetchResult(jobId, signal) {
      const current = await prediction(jobId, signal)
      if (current.dataRemoved) throw expired()
      const url = typeof current.output === 'string' ? current.output : Array.isArray(current.output) ? current.output[0] : undefined
      if (url === undefined) throw new ProviderError('unavailable', `${NAME} says the take is done but sent no clip.`)
      const response = await remote.fetch(url, signal ? { signal } : {})
      if (response.ok) return clipFromDownload(await response.blob(), NAME)
      if (response.status === 403 || response.status === 404 || response.status === 410) throw expired()
      throw new ProviderError('unavailable', `${NAME}'s clip could not be downloaded (HTTP ${response.status}).`)
    },
  }
}

function expired(): ProviderError {
  return new ProviderError('expired', `${NAME} deletes a prediction's clip an hour after it is made, and this one was gone before it could be fetched; run the node again for a new take.`)
}

/** The frames Seedance is asked for, counted as ByteDance bills them. */
function tokensOf(request: GenerationRequest): number {
  const { width, height } = frameSize(request.aspect, request.height)
  return (width * height * request.fps * Math.round(request.durationS)) / 1024
}

interface PredictionLinks {
  get: string
  cancel: string
}

/** Only links on Replicate's own API carry the token; anything else falls back to the documented paths. */
const apiLink = z.string().refine((url) => url.startsWith(`${REPLICATE_API}/`))

const predictionSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted']),
  output: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
  error: z.unknown().optional(),
  logs: z.string().nullish(),
  data_removed: z.boolean().optional(),
  urls: z.object({ get: apiLink.optional().catch(undefined), cancel: apiLink.optional().catch(undefined) }).optional(),
})

const uploadedFile = z.object({ urls: z.object({ get: apiLink }) })

interface Prediction {
  id: string
  status: z.infer<typeof predictionSchema>['status']
  output?: string | string[] | null
  error?: string
  logs?: string
  dataRemoved: boolean
  urls: PredictionLinks
}

function parsePrediction(body: unknown): Prediction {
  const parsed = predictionSchema.safeParse(body)
  if (!parsed.success) throw new ProviderError('unavailable', `${NAME} answered with a prediction this app cannot read.`)
  const { id, status, output, error, logs, data_removed, urls } = parsed.data
  const path = `${REPLICATE_API}/predictions/${encodeURIComponent(id)}`
  return {
    id,
    status,
    ...(output !== undefined ? { output } : {}),
    ...(typeof error === 'string' ? { error } : {}),
    ...(logs ? { logs } : {}),
    dataRemoved: data_removed === true,
    urls: { get: urls?.get ?? path, cancel: urls?.cancel ?? `${path}/cancel` },
  }
}

/** The last progress bar a model printed (` 40%|████      | 20/50`), as a fraction; undefined when none. */
export function progressOf(logs: string | undefined): number | undefined {
  const bars = [...(logs ?? '').matchAll(/(\d{1,3})%\|/g)]
  const percent = Number(bars.at(-1)?.[1])
  return Number.isFinite(percent) && percent <= 100 ? percent / 100 : undefined
}

function failureMessage(error: string | undefined): string {
  if (error && /nsfw|sensitive|flagged|safety|policy/i.test(error)) return 'the model’s content filter refused this shot; change the prompt or the reference images'
  return 'the model failed on Replicate; run again'
}

/** Replicate's problem details (`{ title, detail, status }`): a 422 names the input it refused. */
function classifyReplicate(status: number, body: unknown): ProviderError | undefined {
  const detail = (body as { detail?: unknown } | null)?.detail
  const text = typeof detail === 'string' ? detail.trim() : ''
  if (status === 422) return new ProviderError('bad-request', `${NAME} refused the shot's settings${text ? `: ${text.slice(0, 200)}` : ''}.`)
  if (status === 402) return new ProviderError('out-of-credit', `${NAME} says the account is out of credit: add credit at replicate.com/account/billing.`)
  return undefined
}
