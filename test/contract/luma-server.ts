/**
 * A stand-in for Luma's Dream Machine API speaking its contract (docs/providers.md §2): Bearer keys,
 * `POST /generations/video` with `duration` as "5s"/"9s" and only public image URLs as keyframes,
 * states queued → dreaming → completed | failed, `{ "detail": … }` errors, 429, and no cancel.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, sendJson, Throttle, type ContractHttp } from './http'

export const LUMA_TEST_KEY = 'luma-test-7c1e0b5d93a2'
export const LUMA_MEDIA_ORIGIN = 'https://storage.cdn-luma.com'

interface Generation {
  id: string
  request: Record<string, unknown>
  polls: number
  failureReason?: string
}

export interface LumaServer extends ContractHttp {
  creates: Record<string, unknown>[]
  throttleNext(count: number, retryAfterS: number): void
  failNextWith(reason: string): void
}

export async function startLumaServer(clip: Buffer): Promise<LumaServer> {
  const generations = new Map<string, Generation>()
  const creates: Record<string, unknown>[] = []
  const throttle = new Throttle()
  let nextFailure: string | undefined
  let counter = 0

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/videos/')) {
      response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': clip.length }).end(clip)
      return
    }
    if (throttle.answer(response, { detail: 'Too many requests' })) return
    if (request.headers.authorization !== `Bearer ${LUMA_TEST_KEY}`) return sendJson(response, 401, { detail: 'Invalid authentication' })
    const path = url.pathname.replace('/dream-machine/v1', '')
    if (request.method === 'POST' && path === '/generations/video') {
      const body = JSON.parse(await readBody(request)) as Record<string, unknown>
      const problem = checkCreate(body)
      if (problem) return sendJson(response, 400, { detail: problem })
      creates.push(body)
      const id = `luma-${String(++counter).padStart(4, '0')}-0000-4000-8000-000000000000`
      generations.set(id, { id, request: body, polls: 0, ...(nextFailure ? { failureReason: nextFailure } : {}) })
      nextFailure = undefined
      return sendJson(response, 201, view(generations.get(id) as Generation))
    }
    const one = /^\/generations\/([^/]+)$/.exec(path)
    if (one && request.method === 'GET') {
      const generation = generations.get(one[1] as string)
      if (!generation) return sendJson(response, 404, { detail: 'Generation not found' })
      generation.polls++
      return sendJson(response, 200, view(generation))
    }
    sendJson(response, 404, { detail: 'Not Found' })
  }

  function view(generation: Generation): Record<string, unknown> {
    const state = generation.polls < 1 ? 'queued' : generation.polls < 3 ? 'dreaming' : generation.failureReason ? 'failed' : 'completed'
    return {
      id: generation.id,
      state,
      failure_reason: state === 'failed' ? generation.failureReason : null,
      assets: state === 'completed' ? { video: `${LUMA_MEDIA_ORIGIN}/videos/${generation.id}.mp4` } : null,
      created_at: new Date().toISOString(),
      model: generation.request.model,
      request: generation.request,
    }
  }

  const http = await listen(handle)
  return { ...http, creates, throttleNext: (count, retryAfterS) => throttle.next(count, retryAfterS), failNextWith: (reason) => (nextFailure = reason) }
}

function checkCreate(body: Record<string, unknown>): string | undefined {
  if (body.model !== 'ray-2' && body.model !== 'ray-flash-2') return `Invalid model: ${String(body.model)}`
  if (body.duration !== undefined && body.duration !== '5s' && body.duration !== '9s') return `Invalid duration: ${JSON.stringify(body.duration)}`
  if (body.aspect_ratio !== undefined && !['1:1', '16:9', '9:16', '4:3', '3:4', '21:9', '9:21'].includes(String(body.aspect_ratio))) return 'Invalid aspect_ratio'
  if (body.resolution !== undefined && !['540p', '720p', '1080p', '4k'].includes(String(body.resolution))) return 'Invalid resolution'
  const keyframes = body.keyframes as Record<string, { type?: string; url?: string }> | undefined
  for (const frame of Object.values(keyframes ?? {})) {
    if (frame.type === 'image' && !/^https:\/\//.test(frame.url ?? '')) return 'keyframe image url must be a public https URL'
  }
  if (typeof body.prompt !== 'string' || body.prompt === '') return 'prompt is required'
  return undefined
}
