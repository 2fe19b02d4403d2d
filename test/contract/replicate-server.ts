/**
 * A stand-in for Replicate's HTTP API speaking its contract (docs/providers.md §6): Bearer tokens,
 * `POST /v1/models/{owner}/{name}/predictions` with `{ input }` checked against Seedance 1.0 Lite's
 * input schema (422 with problem details and `invalid_fields`), predictions starting → processing
 * (tqdm progress in `logs`) → succeeded | failed, `urls.get` / `urls.cancel`, `POST /v1/files`
 * multipart uploads referenced by their `urls.get`, inputs as https or data URIs, 429 with
 * `Retry-After`, and outputs deleted after the retention time (`data_removed`, then 404 on the
 * link). It counts creates, so a test can say a take was paid once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, readBytes, sendJson, Throttle, type ContractHttp } from './http'

export const REPLICATE_TEST_KEY = 'r8_test_5b0e2d7c94a1f3'
export const REPLICATE_MEDIA_ORIGIN = 'https://replicate.delivery'
const API = 'https://api.replicate.com/v1'

interface Prediction {
  id: string
  model: string
  input: Record<string, unknown>
  /** Polls answered so far: the state moves on with each. */
  polls: number
  canceled: boolean
  error?: string
  completedAt?: number
}

export interface ReplicateServer extends ContractHttp {
  /** Every prediction created, as its `input`. */
  creates: Record<string, unknown>[]
  /** Every file uploaded: its name, type and size. */
  uploads: { name: string; type: string; size: number }[]
  cancels: string[]
  /** The next `count` requests are answered 429 with `Retry-After: seconds`. */
  throttleNext(count: number, retryAfterS: number): void
  /** The next prediction created fails with this error text. */
  failNextWith(error: string): void
  /** The next create answers with the prediction already succeeded, as one held by `Prefer: wait` can. */
  finishNextOnCreate(): void
  /** How long outputs are kept after a prediction completes (Replicate: an hour for API predictions). */
  retentionMs: number
}

const ASPECT_RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', '9:21']
const RESOLUTIONS = ['480p', '720p', '1080p']

export async function startReplicateServer(clip: Buffer): Promise<ReplicateServer> {
  const predictions = new Map<string, Prediction>()
  const files = new Set<string>()
  const creates: Record<string, unknown>[] = []
  const uploads: ReplicateServer['uploads'] = []
  const cancels: string[] = []
  const throttle = new Throttle()
  let nextError: string | undefined
  let finishOnCreate = false
  let counter = 0

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/xezq/')) return serveOutput(url, response)
    if (throttle.answer(response, problem(429, 'Request was throttled', 'Request was throttled. Your rate limit resets in ~30s.'))) return
    if (request.headers.authorization !== `Bearer ${REPLICATE_TEST_KEY}`) {
      return sendJson(response, 401, problem(401, 'Unauthenticated', 'You did not pass a valid authentication token'))
    }
    const create = /^\/v1\/models\/([^/]+\/[^/]+)\/predictions$/.exec(url.pathname)
    if (request.method === 'POST' && create) {
      const model = create[1] as string
      if (model !== 'bytedance/seedance-1-lite') return sendJson(response, 404, problem(404, 'Not found', `Model ${model} not found`))
      const body = JSON.parse(await readBody(request)) as { input?: Record<string, unknown> }
      const invalid = checkInput(body.input ?? {}, files)
      if (invalid.length > 0) {
        return sendJson(response, 422, {
          ...problem(422, 'Input validation failed', invalid.map((field) => `- ${field.field}: ${field.description}`).join('\n')),
          invalid_fields: invalid,
        })
      }
      creates.push(body.input ?? {})
      const id = `rep${String(++counter).padStart(4, '0')}qz7m1k9x2`
      const prediction: Prediction = { id, model, input: body.input ?? {}, polls: 0, canceled: false, ...(nextError ? { error: nextError } : {}) }
      nextError = undefined
      if (finishOnCreate) {
        prediction.polls = 4
        finishOnCreate = false
      }
      predictions.set(id, prediction)
      return sendJson(response, 201, view(prediction))
    }
    const one = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(url.pathname)
    if (one) {
      const prediction = predictions.get(one[1] as string)
      if (!prediction) return sendJson(response, 404, problem(404, 'Not found', 'The requested resource could not be found.'))
      if (request.method === 'GET' && !one[2]) {
        prediction.polls++
        return sendJson(response, 200, view(prediction))
      }
      if (request.method === 'POST' && one[2]) {
        cancels.push(prediction.id)
        if (!isTerminal(prediction)) prediction.canceled = true
        return sendJson(response, 200, view(prediction))
      }
    }
    if (request.method === 'POST' && url.pathname === '/v1/files') return upload(request, response)
    sendJson(response, 404, problem(404, 'Not found', 'The requested resource could not be found.'))
  }

  async function upload(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const bytes = await readBytes(request)
    const form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': String(request.headers['content-type']) } }).formData()
    const content = form.get('content')
    if (!(content instanceof File)) return sendJson(response, 422, problem(422, 'Invalid request', 'content is required'))
    const id = `file${String(files.size + 1).padStart(4, '0')}`
    files.add(id)
    uploads.push({ name: content.name, type: content.type, size: content.size })
    const now = new Date()
    return sendJson(response, 201, {
      id,
      name: content.name,
      content_type: content.type,
      size: content.size,
      checksums: {},
      metadata: {},
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      urls: { get: `${API}/files/${id}` },
    })
  }

  function status(prediction: Prediction): string {
    if (prediction.canceled) return 'canceled'
    if (prediction.polls <= 1) return 'starting'
    if (prediction.polls <= 3) return 'processing'
    prediction.completedAt ??= Date.now()
    return prediction.error ? 'failed' : 'succeeded'
  }

  function isTerminal(prediction: Prediction): boolean {
    return ['succeeded', 'failed', 'canceled'].includes(status(prediction))
  }

  function removed(prediction: Prediction): boolean {
    return prediction.completedAt !== undefined && Date.now() - prediction.completedAt > state.retentionMs
  }

  function view(prediction: Prediction): Record<string, unknown> {
    const current = status(prediction)
    const logs = current === 'starting' ? '' : ['Generating video…', ' 40%|████      | 20/50', ...(prediction.polls >= 3 ? [' 80%|████████  | 40/50'] : [])].join('\n')
    const gone = removed(prediction)
    return {
      id: prediction.id,
      model: prediction.model,
      version: 'f22bbc7d965c70af30ba3b157e3bb05d232136555885e934b92878ad773f48c1',
      input: gone ? {} : prediction.input,
      logs: gone ? '' : logs,
      output: current === 'succeeded' && !gone ? `${REPLICATE_MEDIA_ORIGIN}/xezq/${prediction.id}/tmp.mp4` : null,
      data_removed: gone,
      error: current === 'failed' ? prediction.error : null,
      status: current,
      created_at: new Date().toISOString(),
      urls: {
        get: `${API}/predictions/${prediction.id}`,
        cancel: `${API}/predictions/${prediction.id}/cancel`,
        stream: `https://stream.replicate.com/v1/files/${prediction.id}`,
        web: `https://replicate.com/p/${prediction.id}`,
      },
    }
  }

  function serveOutput(url: URL, response: ServerResponse): void {
    const prediction = predictions.get(url.pathname.split('/')[2] ?? '')
    if (!prediction || status(prediction) !== 'succeeded' || removed(prediction)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found')
      return
    }
    response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': clip.length }).end(clip)
  }

  const http = await listen(handle)
  const state: ReplicateServer = {
    ...http,
    creates,
    uploads,
    cancels,
    retentionMs: 3_600_000,
    throttleNext: (count, retryAfterS) => throttle.next(count, retryAfterS),
    failNextWith: (error) => (nextError = error),
    finishNextOnCreate: () => (finishOnCreate = true),
  }
  return state
}

function problem(status: number, title: string, detail: string): Record<string, unknown> {
  return { title, detail, status }
}

interface InvalidField {
  type: string
  field: string
  description: string
}

/** Seedance 1.0 Lite's input schema on Replicate: what the API would refuse with a 422. */
function checkInput(input: Record<string, unknown>, files: ReadonlySet<string>): InvalidField[] {
  const invalid: InvalidField[] = []
  const refuse = (field: string, type: string, description: string) => invalid.push({ type, field: `input.${field}`, description })
  if (typeof input.prompt !== 'string' || input.prompt === '') refuse('prompt', 'required', 'prompt is required')
  const duration = input.duration ?? 5
  if (typeof duration !== 'number' || !Number.isInteger(duration)) refuse('duration', 'int_type', 'Input should be a valid integer')
  else if (duration < 2 || duration > 12) refuse('duration', duration < 2 ? 'greater_than_equal' : 'less_than_equal', 'Input should be between 2 and 12')
  const resolution = input.resolution ?? '720p'
  if (!RESOLUTIONS.includes(String(resolution))) refuse('resolution', 'enum', `Input should be ${RESOLUTIONS.join(', ')}`)
  if (input.aspect_ratio !== undefined && !ASPECT_RATIOS.includes(String(input.aspect_ratio))) refuse('aspect_ratio', 'enum', `Input should be ${ASPECT_RATIOS.join(', ')}`)
  if (input.fps !== undefined && input.fps !== 24) refuse('fps', 'enum', 'Input should be 24')
  if (input.seed !== undefined && !Number.isInteger(input.seed)) refuse('seed', 'int_type', 'Input should be a valid integer')
  const references = input.reference_images
  if (references !== undefined) {
    if (!Array.isArray(references) || references.length < 1 || references.length > 4) refuse('reference_images', 'too_long', 'Give 1 to 4 reference images')
    else if (resolution === '1080p') refuse('reference_images', 'value_error', 'Reference images cannot be used with 1080p resolution')
    else if (input.image !== undefined) refuse('reference_images', 'value_error', 'Reference images cannot be used with a first frame image')
    else references.forEach((reference, index) => checkFileInput(`reference_images.${index}`, reference, files, refuse))
  }
  return invalid
}

/** A file input: a data URI, an uploaded file's link, or any other https URL Replicate can fetch. */
function checkFileInput(field: string, value: unknown, files: ReadonlySet<string>, refuse: (field: string, type: string, description: string) => void): void {
  const text = typeof value === 'string' ? value : ''
  if (/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+=*$/.test(text)) return
  const uploaded = /^https:\/\/api\.replicate\.com\/v1\/files\/([^/]+)$/.exec(text)
  if (uploaded) {
    if (!files.has(uploaded[1] as string)) refuse(field, 'url', 'File not found')
    return
  }
  if (!text.startsWith('https://')) refuse(field, 'url', 'Input should be a valid URI or data URI')
}
