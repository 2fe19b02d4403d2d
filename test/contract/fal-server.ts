/**
 * A stand-in for fal.ai's queue speaking its contract (docs/providers.md §5): `Authorization: Key …`,
 * `POST /<model>` answered with `request_id`, `response_url`, `status_url` and `cancel_url` (the
 * model's subpath dropped from them), status IN_QUEUE (with `queue_position`) → IN_PROGRESS (with
 * `logs`) → COMPLETED, the answer at the response URL — which may be an error even after COMPLETED
 * (422 with `{ detail: [{ loc, msg, type }] }`) — cancel by PUT only while in line, `{ detail }`
 * errors, 403 for an account out of balance, 429 with Retry-After, and fal.media links that expire.
 * `*_url` inputs take an https URL or a `data:image/…;base64,` URI, nothing else. It counts submits.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, sendJson, Throttle, type ContractHttp } from './http'

export const FAL_TEST_KEY = 'c0ffee12-3a4b-4c5d-8e9f-0123456789ab:5f1e0c2b9a8d7e6f'
export const FAL_QUEUE_HOST = 'queue.fal.run'
export const FAL_MEDIA_ORIGIN = 'https://v3.fal.media'

type Check = (input: Record<string, unknown>) => { loc: string[]; msg: string; type: string } | undefined

/** The models Reelgraph calls, each with the input rules its schema on fal has and what it answers. */
const MODELS: Record<string, { output: 'video' | 'image'; check: Check }> = {
  'fal-ai/kling-video/v2.1/standard/image-to-video': { output: 'video', check: klingInput },
  'fal-ai/kling-video/v2.1/pro/image-to-video': { output: 'video', check: klingInput },
  'fal-ai/veo3.1': { output: 'video', check: (input) => veoInput(input, false) },
  'fal-ai/veo3.1/image-to-video': { output: 'video', check: (input) => veoInput(input, true) },
  'fal-ai/flux/dev': { output: 'image', check: fluxInput },
  'fal-ai/flux-pro/kontext': { output: 'image', check: (input) => required(input, 'image_url') ?? kontextInput(input) },
  'fal-ai/flux-pro/kontext/multi': { output: 'image', check: (input) => required(input, 'image_urls') ?? kontextInput(input) },
}

interface QueuedRequest {
  id: string
  model: string
  input: Record<string, unknown>
  polls: number
  cancelled: boolean
  /** Set when the model is to refuse the input once it has run. */
  refusal?: { loc: string[]; msg: string; type: string }
  blanked?: boolean
}

export interface FalServer extends ContractHttp {
  /** Every submit, in order, as sent. */
  submits: { model: string; input: Record<string, unknown> }[]
  cancels: string[]
  throttleNext(count: number, retryAfterS: number): void
  /** The next request is refused by the model's content checker once it has run. */
  refuseNextForContent(): void
  /** The next image comes back blanked by the safety checker (`has_nsfw_concepts: [true]`). */
  blankNextForSafety(): void
  /** Every call is refused as from an account whose balance is exhausted, until set back. */
  balanceExhausted: boolean
  /** fal.media links older than this stop working (403). */
  linkLifetimeMs: number
  /** Status polls a request spends waiting in line before a runner picks it up. */
  pollsInLine: number
}

export async function startFalServer(media: { video: Buffer; image: Buffer }): Promise<FalServer> {
  const requests = new Map<string, QueuedRequest>()
  const throttle = new Throttle()
  let refuseNext = false
  let blankNext = false
  let counter = 0

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/files/')) return serveFile(url, response)
    if (throttle.answer(response, { detail: 'Too many concurrent requests' })) return
    if (request.headers.authorization !== `Key ${FAL_TEST_KEY}`) return sendJson(response, 401, { detail: 'Authentication is required to access this application.' })
    if (state.balanceExhausted) return sendJson(response, 403, { detail: 'User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.' })

    const known = /^\/([^/]+\/[^/]+)\/requests\/([^/]+)(\/status|\/cancel)?$/.exec(url.pathname)
    if (known) {
      const queued = requests.get(known[2] as string)
      if (!queued || (!queued.model.startsWith(`${known[1]}/`) && queued.model !== known[1])) return sendJson(response, 404, { detail: 'Request not found' })
      if (known[3] === '/status' && request.method === 'GET') return status(queued, url, response)
      if (known[3] === '/cancel' && request.method === 'PUT') return cancel(queued, response)
      if (!known[3] && request.method === 'GET') return answer(queued, response)
      return sendJson(response, 405, { detail: 'Method Not Allowed' })
    }
    if (request.method === 'POST') return submit(url.pathname.slice(1), await readBody(request), response)
    sendJson(response, 404, { detail: 'Not Found' })
  }

  function submit(model: string, body: string, response: ServerResponse): void {
    const spec = MODELS[model]
    if (!spec) return sendJson(response, 404, { detail: `Application '${model}' not found` })
    const input = JSON.parse(body) as Record<string, unknown>
    state.submits.push({ model, input })
    const id = `0${String(++counter).padStart(7, '0')}-fa1e-4000-8000-000000000000`
    // The queue takes any body; the model checks it when it runs, so a bad input is a failed answer.
    const refusal = spec.check(input) ?? urlInputs(input) ?? (refuseNext ? { loc: ['body', 'prompt'], msg: 'The content could not be processed because it was flagged by a content checker.', type: 'content_policy_violation' } : undefined)
    refuseNext = false
    requests.set(id, { id, model, input, polls: 0, cancelled: false, ...(refusal ? { refusal } : {}), ...(blankNext ? { blanked: true } : {}) })
    blankNext = false
    const base = `https://${FAL_QUEUE_HOST}/${model.split('/').slice(0, 2).join('/')}/requests/${id}`
    sendJson(response, 200, { request_id: id, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel`, queue_position: 0 })
  }

  function stage(queued: QueuedRequest): 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' {
    if (queued.cancelled) return 'COMPLETED'
    if (queued.polls <= state.pollsInLine) return 'IN_QUEUE'
    return queued.polls <= state.pollsInLine + 2 ? 'IN_PROGRESS' : 'COMPLETED'
  }

  function status(queued: QueuedRequest, url: URL, response: ServerResponse): void {
    queued.polls++
    const now = stage(queued)
    const logs = ['Loading the model', ...(queued.polls > state.pollsInLine ? ['Generating: 40%'] : []), ...(queued.polls > state.pollsInLine + 1 ? ['Generating: 80%'] : [])]
    const withLogs = url.searchParams.get('logs') === '1' ? { logs: logs.map((message) => ({ message, level: 'INFO', source: 'user', timestamp: new Date().toISOString() })) } : {}
    const base = `https://${FAL_QUEUE_HOST}/${queued.model.split('/').slice(0, 2).join('/')}/requests/${queued.id}`
    if (now === 'IN_QUEUE') return sendJson(response, 202, { status: now, queue_position: 0, response_url: base })
    if (now === 'IN_PROGRESS') return sendJson(response, 202, { status: now, response_url: base, ...withLogs })
    sendJson(response, 200, { status: now, response_url: base, metrics: { inference_time: 4.2 }, ...withLogs })
  }

  function cancel(queued: QueuedRequest, response: ServerResponse): void {
    if (stage(queued) !== 'IN_QUEUE') return sendJson(response, 400, { status: 'ALREADY_COMPLETED', detail: 'The request is already being processed and cannot be cancelled.' })
    queued.cancelled = true
    state.cancels.push(queued.id)
    sendJson(response, 202, { status: 'CANCELLATION_REQUESTED' })
  }

  function answer(queued: QueuedRequest, response: ServerResponse): void {
    if (queued.cancelled) return sendJson(response, 400, { detail: 'Request was cancelled.' })
    if (stage(queued) !== 'COMPLETED') return sendJson(response, 400, { detail: 'Request is still in progress' })
    if (queued.refusal) return sendJson(response, 422, { detail: [queued.refusal] })
    const issued = Date.now()
    if (MODELS[queued.model]?.output === 'image') {
      const seed = typeof queued.input.seed === 'number' ? queued.input.seed : 7
      return sendJson(response, 200, {
        images: [{ url: `${FAL_MEDIA_ORIGIN}/files/${queued.id}.png?issued=${issued}`, width: 1024, height: 576, content_type: 'image/png' }],
        seed,
        has_nsfw_concepts: [queued.blanked === true],
        prompt: queued.input.prompt,
      })
    }
    sendJson(response, 200, { video: { url: `${FAL_MEDIA_ORIGIN}/files/${queued.id}.mp4?issued=${issued}`, content_type: 'video/mp4', file_name: 'output.mp4', file_size: media.video.length } })
  }

  function serveFile(url: URL, response: ServerResponse): void {
    const issued = Number(url.searchParams.get('issued'))
    if (!Number.isFinite(issued) || Date.now() - issued > state.linkLifetimeMs) {
      response.writeHead(403, { 'Content-Type': 'application/xml' }).end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>')
      return
    }
    const file = url.pathname.endsWith('.png') ? { bytes: media.image, type: 'image/png' } : { bytes: media.video, type: 'video/mp4' }
    response.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.bytes.length }).end(file.bytes)
  }

  const http = await listen(handle)
  const state: FalServer = {
    ...http,
    submits: [],
    cancels: [],
    balanceExhausted: false,
    linkLifetimeMs: 60_000,
    pollsInLine: 1,
    throttleNext: (count, retryAfterS) => throttle.next(count, retryAfterS),
    refuseNextForContent: () => (refuseNext = true),
    blankNextForSafety: () => (blankNext = true),
  }
  return state
}

function required(input: Record<string, unknown>, field: string): ReturnType<Check> {
  return input[field] === undefined ? { loc: ['body', field], msg: 'Field required', type: 'missing' } : undefined
}

function oneOf(input: Record<string, unknown>, field: string, values: readonly unknown[]): ReturnType<Check> {
  if (input[field] === undefined || values.includes(input[field])) return undefined
  return { loc: ['body', field], msg: `Input should be ${values.map((value) => JSON.stringify(value)).join(' or ')}`, type: 'literal_error' }
}

function prompt(input: Record<string, unknown>): ReturnType<Check> {
  return typeof input.prompt === 'string' && input.prompt !== '' ? undefined : { loc: ['body', 'prompt'], msg: 'Field required', type: 'missing' }
}

function klingInput(input: Record<string, unknown>): ReturnType<Check> {
  return prompt(input) ?? required(input, 'image_url') ?? oneOf(input, 'duration', ['5', '10'])
}

function veoInput(input: Record<string, unknown>, withImage: boolean): ReturnType<Check> {
  return (
    prompt(input) ??
    (withImage ? required(input, 'image_url') : undefined) ??
    oneOf(input, 'aspect_ratio', withImage ? ['auto', '16:9', '9:16'] : ['16:9', '9:16']) ??
    oneOf(input, 'duration', ['4s', '6s', '8s']) ??
    oneOf(input, 'resolution', ['720p', '1080p', '4k'])
  )
}

const FLUX_SIZES = ['square_hd', 'square', 'portrait_4_3', 'portrait_16_9', 'landscape_4_3', 'landscape_16_9']

/** `image_size` is a preset's name or `{ width, height }` in pixels. */
function fluxInput(input: Record<string, unknown>): ReturnType<Check> {
  const size = input.image_size as { width?: unknown; height?: unknown } | undefined
  if (typeof size === 'object' && size !== null) {
    return Number.isInteger(size.width) && Number.isInteger(size.height) ? prompt(input) : { loc: ['body', 'image_size'], msg: 'width and height must be integers', type: 'int_type' }
  }
  return prompt(input) ?? oneOf(input, 'image_size', FLUX_SIZES)
}

function kontextInput(input: Record<string, unknown>): ReturnType<Check> {
  return prompt(input) ?? oneOf(input, 'aspect_ratio', ['21:9', '16:9', '4:3', '3:2', '1:1', '2:3', '3:4', '9:16', '9:21'])
}

/** File inputs: a public https URL, or a data URI of an image; a bare base64 string is not a URL. */
function urlInputs(input: Record<string, unknown>): ReturnType<Check> {
  for (const [field, value] of Object.entries(input)) {
    if (!field.endsWith('_url') && !field.endsWith('_urls')) continue
    for (const one of Array.isArray(value) ? value : [value]) {
      if (typeof one === 'string' && (/^https:\/\//.test(one) || /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/.test(one))) continue
      return { loc: ['body', field], msg: 'Input should be a valid URL or data URI', type: 'url_parsing' }
    }
  }
  return undefined
}
