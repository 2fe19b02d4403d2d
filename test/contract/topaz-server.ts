/**
 * A stand-in for Topaz Labs' video API speaking its published contract (developer.topazlabs.com,
 * docs/providers.md §10): `X-API-Key`; `POST /video/` with the source's facts, answered with a request id
 * and a cost estimate (free); `PATCH /video/{id}/accept`, which reserves the credits and gives one
 * signed S3 upload link per 500 MB (one link up to 500 MB or 1,000 frames); PUTs answered with an
 * ETag; `PATCH /video/{id}/complete-upload/`, which checks the upload and queues it; statuses
 * requested → accepted → initializing → preprocessing → processing → postprocessing → complete |
 * failed | canceled, the signed download link made once and reused until it expires; `DELETE` to
 * cancel (refused on a finished request); `{ message, errorCode }` errors and 429 with Retry-After.
 * It counts accepts, the step that pays, so a test can say an upscale was paid once.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, sendJson, Throttle, type ContractHttp } from './http'

export const TOPAZ_TEST_KEY = 'tpz_test_5e1d0c3b2a49'
/** Where Topaz's signed links point; a test routes this host to the server too. */
export const TOPAZ_STORAGE_ORIGIN = 'https://videocloud.s3.amazonaws.com'

const SEGMENT_BYTES = 500_000_000
const STATES_AFTER_UPLOAD = ['initializing', 'preprocessing', 'processing', 'processing', 'postprocessing'] as const

interface VideoRequest {
  id: string
  body: Record<string, unknown>
  size: number
  status: string
  progress: number
  /** Polls since the upload was completed: the state moves on with each. */
  polls: number
  parts: Map<number, Buffer>
  download?: { url: string; expiresAt: number }
  failureCode?: string
}

export interface TopazServer extends ContractHttp {
  /** Every created request's body. */
  creates: Record<string, unknown>[]
  /** Request ids accepted (credits reserved), in order. */
  accepts: string[]
  /** Request ids cancelled. */
  deletes: string[]
  throttleNext(count: number, retryAfterS: number): void
  /** The next request uploaded fails in processing with this error code. */
  failNextWith(errorCode: string): void
  /** The next accept is refused for want of credits. */
  refuseNextAccept(): void
  /** How long a download link works, from when it is first given. */
  linkLifetimeMs: number
}

export async function startTopazServer(upscaled: Buffer): Promise<TopazServer> {
  const requests = new Map<string, VideoRequest>()
  const creates: Record<string, unknown>[] = []
  const accepts: string[] = []
  const deletes: string[] = []
  const throttle = new Throttle()
  let nextFailure: string | undefined
  let refuseAccept = false
  let counter = 0

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const stored = /^\/([^/]+)\/(source|output)\.mp4$/.exec(url.pathname)
    if (stored) return serveStorage(request, response, url, stored[1] as string, stored[2] as string)
    if (throttle.answer(response, { message: 'Too Many Requests' })) return
    if (request.headers['x-api-key'] !== TOPAZ_TEST_KEY) return sendJson(response, 401, { message: 'Unauthorized', errorCode: 'UNAUTHORIZED' })

    if (request.method === 'POST' && url.pathname === '/video/') {
      const body = JSON.parse(await readBody(request)) as Record<string, unknown>
      const errors = checkCreate(body)
      if (errors.length > 0) return sendJson(response, 400, { message: 'Invalid request', errorCode: 'INVALID_INPUT', errors })
      creates.push(body)
      const id = `0193893a-a2ba-799e-b258-${String(++counter).padStart(12, '0')}`
      const source = body.source as { size: number; duration: number }
      requests.set(id, { id, body, size: source.size, status: 'requested', progress: 0, polls: 0, parts: new Map() })
      const credits = Math.ceil(source.duration * 2)
      return sendJson(response, 200, { requestId: id, estimates: { cost: [credits, credits + 2], time: [60, 90] } })
    }
    const path = /^\/video\/([^/]+)(\/accept|\/complete-upload\/?|\/status)?$/.exec(url.pathname)
    const video = path ? requests.get(path[1] as string) : undefined
    if (!path) return sendJson(response, 404, { message: 'Not Found', errorCode: 'UNKNOWN' })
    if (!video) return sendJson(response, 404, { message: 'Enhancement request with the provided ID not found', errorCode: 'UNKNOWN' })
    const action = path[2]?.replace(/\/$/, '')

    if (request.method === 'PATCH' && action === '/accept') {
      if (video.status !== 'requested') return sendJson(response, 400, { message: `Request is ${video.status}`, errorCode: 'INVALID_INPUT' })
      if (refuseAccept) {
        refuseAccept = false
        return sendJson(response, 402, { message: 'Payment required', errorCode: 'INSUFFICIENT_CREDITS' })
      }
      accepts.push(video.id)
      video.status = 'accepted'
      const frames = (video.body.source as { frameCount: number }).frameCount
      const count = video.size <= SEGMENT_BYTES || frames <= 1000 ? 1 : Math.min(150, Math.max(2, Math.ceil(video.size / SEGMENT_BYTES)))
      const urls = Array.from({ length: count }, (_, index) => `${TOPAZ_STORAGE_ORIGIN}/${video.id}/source.mp4?partNumber=${index + 1}&X-Amz-Signature=test`)
      return sendJson(response, 200, { uploadId: `upload-${video.id}`, urls, message: 'Accepted' })
    }
    if (request.method === 'PATCH' && action === '/complete-upload') {
      const body = JSON.parse(await readBody(request)) as { uploadResults?: { partNum?: unknown; eTag?: unknown }[] }
      if (video.status !== 'accepted') return sendJson(response, 400, { message: `Request is ${video.status}`, errorCode: 'INVALID_INPUT' })
      if (!Array.isArray(body.uploadResults) || body.uploadResults.length === 0) {
        return sendJson(response, 400, { message: 'Invalid request', errorCode: 'INVALID_INPUT', errors: [{ field: 'uploadResults', message: 'is required' }] })
      }
      const received = [...video.parts.values()].reduce((sum, part) => sum + part.length, 0)
      if (received !== video.size) return sendJson(response, 400, { message: `Uploaded ${received} bytes of ${video.size}`, errorCode: 'INVALID_INPUT' })
      video.status = 'initializing'
      if (nextFailure) video.failureCode = nextFailure
      nextFailure = undefined
      return sendJson(response, 202, { message: 'Processing has been queued' })
    }
    if (request.method === 'GET' && action === '/status') {
      advance(video)
      return sendJson(response, 200, statusView(video))
    }
    if (request.method === 'DELETE' && action === undefined) {
      if (video.status === 'complete' || video.status === 'failed') return sendJson(response, 400, { message: `Request is ${video.status}`, errorCode: 'INVALID_INPUT' })
      deletes.push(video.id)
      video.status = 'canceled'
      return sendJson(response, 200, { message: 'Canceled' })
    }
    sendJson(response, 405, { message: 'Method Not Allowed', errorCode: 'UNKNOWN' })
  }

  function advance(video: VideoRequest): void {
    if (!STATES_AFTER_UPLOAD.some((state) => state === video.status)) return
    video.polls++
    if (video.polls >= STATES_AFTER_UPLOAD.length) {
      video.status = video.failureCode ? 'failed' : 'complete'
      video.progress = video.failureCode ? video.progress : 100
      return
    }
    video.status = STATES_AFTER_UPLOAD[video.polls] as string
    video.progress = video.status === 'processing' ? 20 + video.polls * 20 : video.progress
  }

  function statusView(video: VideoRequest): Record<string, unknown> {
    const view: Record<string, unknown> = { status: video.status, progress: video.progress, estimates: { cost: [8, 10], time: [60, 90] } }
    if (video.status === 'failed') return { ...view, message: 'Processing failed: internal pipeline detail', errorCode: video.failureCode }
    if (video.status !== 'complete') return view
    // Made once and given again on every later call, with the same expiry.
    video.download ??= { url: `${TOPAZ_STORAGE_ORIGIN}/${video.id}/output.mp4?X-Amz-Expires=${Date.now() + state.linkLifetimeMs}`, expiresAt: Date.now() + state.linkLifetimeMs }
    return { ...view, outputSize: String(upscaled.length), download: { url: video.download.url, expiresIn: Math.max(0, video.download.expiresAt - Date.now()), expiresAt: video.download.expiresAt } }
  }

  async function serveStorage(request: IncomingMessage, response: ServerResponse, url: URL, id: string, file: string): Promise<void> {
    const video = requests.get(id)
    if (!video) return void response.writeHead(404).end()
    if (file === 'source' && request.method === 'PUT') {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      const part = Buffer.concat(chunks)
      video.parts.set(Number(url.searchParams.get('partNumber')), part)
      response.writeHead(200, { ETag: `"${createHash('md5').update(part).digest('hex')}"` }).end()
      return
    }
    if (file === 'output' && request.method === 'GET') {
      if (video.status !== 'complete' || Number(url.searchParams.get('X-Amz-Expires')) <= Date.now()) {
        response.writeHead(403, { 'Content-Type': 'application/xml' }).end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>')
        return
      }
      response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': upscaled.length }).end(upscaled)
      return
    }
    response.writeHead(405).end()
  }

  const http = await listen(handle)
  const state: TopazServer = {
    ...http,
    creates,
    accepts,
    deletes,
    linkLifetimeMs: 60_000,
    throttleNext: (count, retryAfterS) => throttle.next(count, retryAfterS),
    failNextWith: (code) => (nextFailure = code),
    refuseNextAccept: () => (refuseAccept = true),
  }
  return state
}

const CONTAINERS = ['3gp', 'avi', 'dv', 'flv', 'm1v', 'm2t', 'm2ts', 'm2v', 'm4v', 'mkv', 'mov', 'mp4', 'mpeg', 'mpg', 'mts', 'mxf', 'ser', 'ts', 'vob', 'webm', 'wmv']

/** What the real API refuses with a 400: one entry per offending field. */
function checkCreate(body: Record<string, unknown>): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = []
  const source = (body.source ?? {}) as Record<string, unknown>
  if (!CONTAINERS.includes(String(source.container).toLowerCase())) errors.push({ field: 'source.container', message: 'is not a supported container' })
  for (const field of ['size', 'duration', 'frameRate', 'frameCount']) {
    if (typeof source[field] !== 'number' || (source[field] as number) <= 0) errors.push({ field: `source.${field}`, message: 'is required and must be positive' })
  }
  if (!isResolution(source.resolution)) errors.push({ field: 'source.resolution', message: 'needs a width and a height' })
  const filters = body.filters
  if (!Array.isArray(filters) || filters.length === 0 || filters.some((filter: { model?: unknown }) => typeof filter?.model !== 'string')) {
    errors.push({ field: 'filters', message: 'needs at least one filter with a model' })
  }
  const output = (body.output ?? {}) as Record<string, unknown>
  if (!isResolution(output.resolution)) errors.push({ field: 'output.resolution', message: 'needs a width and a height' })
  return errors
}

function isResolution(value: unknown): boolean {
  const resolution = value as { width?: unknown; height?: unknown } | undefined
  return Number.isInteger(resolution?.width) && Number.isInteger(resolution?.height) && (resolution?.width as number) > 0 && (resolution?.height as number) > 0
}
