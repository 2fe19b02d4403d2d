/**
 * A stand-in for Runway's developer API that speaks its published contract (docs/providers.md §1):
 * `X-Runway-Version` required, Bearer keys, the create bodies per model, task states PENDING →
 * THROTTLED → RUNNING → SUCCEEDED with expiring output links, FAILED with a failure code,
 * DELETE to cancel, 429 with Retry-After. It counts creates, so a test can say a shot was paid once.
 * `POST /v1/video_upscale` (SDK 4.4.0+) takes `magnific_video_upscaler_creative` with the clip as an
 * HTTPS URL, a Runway URI or a data URI of at most 5 MB, and its task answers with the upscaled clip.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, sendJson as send, Throttle } from './http'

export const RUNWAY_TEST_KEY = 'key_test_4f7d1c9a0b2e'

interface Task {
  id: string
  model: string
  body: Record<string, unknown>
  /** Polls answered so far: the state moves on with each. */
  polls: number
  cancelled: boolean
  /** Set when the task is to fail. */
  failureCode?: string
}

/** Where output links point, as Runway's point at its CDN; a test routes this host to the server too. */
export const RUNWAY_MEDIA_ORIGIN = 'https://dnznrvs05pmza.cloudfront.net'

export interface RunwayServer {
  origin: string
  /** Every create, in order (bodies as sent). */
  creates: Record<string, unknown>[]
  deletes: string[]
  /** The next `count` requests are answered 429 with `Retry-After: seconds`. */
  throttleNext(count: number, retryAfterS: number): void
  /** The next task created fails with this failure code. */
  failNextWith(failureCode: string): void
  /** Output links older than this stop working (403), as Runway's signed links do. */
  linkLifetimeMs: number
  close(): Promise<void>
}

const RATIOS: Record<string, string[]> = {
  gen4_turbo: ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'],
  'gen4.5': ['1280:720', '720:1280'],
}

export async function startRunwayServer(clip: Buffer, upscaled: Buffer = clip): Promise<RunwayServer> {
  const tasks = new Map<string, Task>()
  const creates: Record<string, unknown>[] = []
  const deletes: string[] = []
  const throttle = new Throttle()
  let nextFailure: string | undefined
  let counter = 0

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/outputs/')) return serveOutput(url, response)
    if (throttle.answer(response, { error: 'Too many requests' })) return
    if (request.headers['x-runway-version'] !== '2024-11-06') return send(response, 400, { error: 'Missing or invalid X-Runway-Version header' })
    if (request.headers.authorization !== `Bearer ${RUNWAY_TEST_KEY}`) return send(response, 401, { error: 'Invalid API key' })

    const taskPath = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname)
    if (request.method === 'POST' && (url.pathname === '/v1/text_to_video' || url.pathname === '/v1/image_to_video' || url.pathname === '/v1/video_upscale')) {
      const body = JSON.parse(await readBody(request)) as Record<string, unknown>
      const problem = url.pathname === '/v1/video_upscale' ? checkUpscale(body) : checkCreate(url.pathname, body)
      if (problem) return send(response, 400, { error: problem })
      creates.push(body)
      const id = `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`
      tasks.set(id, { id, model: String(body.model), body, polls: 0, cancelled: false, ...(nextFailure ? { failureCode: nextFailure } : {}) })
      nextFailure = undefined
      const credits = body.model === UPSCALE_MODEL ? 10 : Number(body.duration) * (body.model === 'gen4.5' ? 12 : 5)
      return send(response, 200, { id, estimatedCost: { credits } })
    }
    if (taskPath && request.method === 'GET') {
      const task = tasks.get(taskPath[1] as string)
      if (!task) return send(response, 404, { error: 'Task not found' })
      task.polls++
      return send(response, 200, taskView(task))
    }
    if (taskPath && request.method === 'DELETE') {
      const task = tasks.get(taskPath[1] as string)
      if (!task) return send(response, 404, { error: 'Task not found' })
      deletes.push(task.id)
      task.cancelled = true
      response.writeHead(204).end()
      return
    }
    send(response, 404, { error: 'Not found' })
  }

  function taskView(task: Task): Record<string, unknown> {
    const common = { id: task.id, createdAt: new Date().toISOString() }
    if (task.cancelled) return { ...common, status: 'CANCELLED' }
    if (task.polls <= 1) return { ...common, status: 'PENDING', estimatedCost: { credits: 50 } }
    if (task.polls === 2) return { ...common, status: 'THROTTLED', estimatedCost: { credits: 50 } }
    if (task.polls <= 4) return { ...common, status: 'RUNNING', progress: task.polls === 3 ? 0.4 : 0.8, estimatedCost: { credits: 50 } }
    if (task.failureCode) return { ...common, status: 'FAILED', failure: 'Internal moderation text not meant for users', failureCode: task.failureCode, cost: { credits: 0 } }
    return { ...common, status: 'SUCCEEDED', output: [`${RUNWAY_MEDIA_ORIGIN}/outputs/${task.id}.mp4?issued=${Date.now()}`], cost: { credits: 50 } }
  }

  function serveOutput(url: URL, response: ServerResponse): void {
    const task = tasks.get(/^\/outputs\/([^/.]+)/.exec(url.pathname)?.[1] ?? '')
    const output = task?.model === UPSCALE_MODEL ? upscaled : clip
    const issued = Number(url.searchParams.get('issued'))
    if (!Number.isFinite(issued) || Date.now() - issued > state.linkLifetimeMs) {
      response.writeHead(403, { 'Content-Type': 'application/xml' }).end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>')
      return
    }
    response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': output.length }).end(output)
  }

  const http = await listen(handle)
  const state: RunwayServer = {
    ...http,
    creates,
    deletes,
    linkLifetimeMs: 60_000,
    throttleNext: (count, retryAfterS) => throttle.next(count, retryAfterS),
    failNextWith: (code) => (nextFailure = code),
  }
  return state
}

/** The create rules of SDK 4.20.1: what the real API would refuse with a 400. */
function checkCreate(path: string, body: Record<string, unknown>): string | undefined {
  const model = String(body.model)
  const ratios = RATIOS[model]
  if (!ratios) return `Invalid model: ${model}`
  if (path === '/v1/text_to_video' && model !== 'gen4.5') return `${model} is not a text-to-video model`
  if (path === '/v1/image_to_video') {
    if (typeof body.promptImage !== 'string' || !/^(https:\/\/|runway:\/\/|data:image\/(png|jpeg|webp);base64,)/.test(body.promptImage)) return 'promptImage must be an HTTPS URL, a Runway URI or a data URI'
  }
  if (!ratios.includes(String(body.ratio))) return `Invalid ratio for ${model}: ${String(body.ratio)}`
  if (typeof body.duration !== 'number' || !Number.isInteger(body.duration) || body.duration < 2 || body.duration > 10) return 'duration must be an integer from 2 to 10'
  if (typeof body.promptText === 'string' && body.promptText.length > 1000) return 'promptText is longer than 1000 characters'
  if (model === 'gen4.5' && typeof body.promptText !== 'string') return 'promptText is required for gen4.5'
  return undefined
}

const UPSCALE_MODEL = 'magnific_video_upscaler_creative'
const UPSCALE_RESOLUTIONS = ['720p', '1k', '2k', '4k']
/** Inline clips are at most 5 MB (decoded). */
const MAX_INLINE_BYTES = 5 * 1024 * 1024

/** The video_upscale rules of SDK 4.20.1. */
function checkUpscale(body: Record<string, unknown>): string | undefined {
  if (body.model !== UPSCALE_MODEL) return `Invalid model: ${String(body.model)}`
  const uri = body.videoUri
  if (typeof uri !== 'string' || !/^(https:\/\/|runway:\/\/|data:video\/(mp4|quicktime|webm);base64,)/.test(uri)) return 'videoUri must be an HTTPS URL, a Runway URI or a video data URI'
  if (uri.startsWith('data:') && Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64').length > MAX_INLINE_BYTES) return 'videoUri data URIs must be at most 5 MB'
  if (body.resolution !== undefined && !UPSCALE_RESOLUTIONS.includes(String(body.resolution))) return `Invalid resolution: ${String(body.resolution)}`
  for (const field of ['creativity', 'sharpen', 'smartGrain']) {
    const value = body[field]
    if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 100)) return `${field} must be from 0 to 100`
  }
  return undefined
}
