/**
 * A stand-in for Kling's official API speaking its contract (docs/providers.md §3): a Bearer JWT signed
 * HS256 with the secret key (iss, exp, nbf checked), the `{ code, message, request_id, data }`
 * envelope, text2video and image2video (image as raw base64, a `data:` prefix refused), tasks read on
 * the path of their kind (by `task_id`, or by our `external_task_id` as a query on the kind's path),
 * states submitted → processing → succeed | failed, and business codes with their HTTP statuses
 * (1303 concurrency, 1102 arrears, 1301 content policy, 1203 for a task it does not have).
 */
import { createHmac } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, sendJson, type ContractHttp } from './http'

export const KLING_TEST_ACCESS = 'ak_test_3b9f2c'
export const KLING_TEST_SECRET = 'sk_test_8d1e7a44c0'
export const KLING_MEDIA_ORIGIN = 'https://v1-kling.klingai.com'

interface Task {
  id: string
  kind: string
  body: Record<string, unknown>
  polls: number
}

export interface KlingServer extends ContractHttp {
  creates: Record<string, unknown>[]
  /** The next create is answered with this business code and HTTP status. */
  refuseNextCreate(code: number, status: number): void
  /** The next create makes its task, but its answer never arrives (the connection drops). */
  loseNextAnswer(): void
}

export async function startKlingServer(clip: Buffer): Promise<KlingServer> {
  const tasks = new Map<string, Task>()
  const creates: Record<string, unknown>[] = []
  let refusal: { code: number; status: number } | undefined
  let loseAnswer = false
  let counter = 0
  const envelope = (code: number, message: string, data?: unknown) => ({ code, message, request_id: `req-${++counter}`, ...(data !== undefined ? { data } : {}) })

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/media/')) {
      response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': clip.length }).end(clip)
      return
    }
    const auth = checkToken(request.headers.authorization)
    if (auth) return sendJson(response, 401, envelope(auth.code, auth.message))
    const create = /^\/v1\/videos\/(text2video|image2video)$/.exec(url.pathname)
    if (create && request.method === 'POST') {
      const body = JSON.parse(await readBody(request)) as Record<string, unknown>
      if (refusal) {
        const { code, status } = refusal
        refusal = undefined
        return sendJson(response, status, envelope(code, 'refused'))
      }
      const problem = checkCreate(create[1] as string, body)
      if (problem) return sendJson(response, 400, envelope(1201, problem))
      creates.push(body)
      const id = `task-${counter + 1}`
      tasks.set(id, { id, kind: create[1] as string, body, polls: 0 })
      if (loseAnswer) {
        loseAnswer = false
        response.destroy()
        return
      }
      return sendJson(response, 200, envelope(0, 'SUCCEED', { task_id: id, task_status: 'submitted', created_at: Date.now(), updated_at: Date.now() }))
    }
    const external = url.searchParams.get('external_task_id')
    if (create && request.method === 'GET' && external !== null) {
      const task = [...tasks.values()].find((candidate) => candidate.kind === create[1] && candidate.body.external_task_id === external)
      return answerRead(response, task)
    }
    const read = /^\/v1\/videos\/(text2video|image2video)\/([^/]+)$/.exec(url.pathname)
    if (read && request.method === 'GET') {
      const task = tasks.get(read[2] as string)
      // A task is found only on the path of the kind it was made as.
      return answerRead(response, task?.kind === read[1] ? task : undefined)
    }
    sendJson(response, 404, envelope(1200, 'not found'))
  }

  /** A task read back, each read moving it on; 404 with 1203 when there is none. */
  function answerRead(response: ServerResponse, task: Task | undefined): void {
    if (!task) return sendJson(response, 404, envelope(1203, 'task not found'))
    task.polls++
    const status = task.polls < 2 ? 'submitted' : task.polls < 3 ? 'processing' : 'succeed'
    sendJson(response, 200, envelope(0, 'SUCCEED', {
      task_id: task.id,
      task_status: status,
      task_info: { external_task_id: task.body.external_task_id },
      ...(status === 'succeed' ? { task_result: { videos: [{ id: 'v1', url: `${KLING_MEDIA_ORIGIN}/media/${task.id}.mp4`, duration: String(task.body.duration) }] } } : {}),
    }))
  }

  const http = await listen(handle)
  return { ...http, creates, refuseNextCreate: (code, status) => (refusal = { code, status }), loseNextAnswer: () => (loseAnswer = true) }
}

/** Why a token is refused, with Kling's code, or undefined when it is good. */
function checkToken(header: string | undefined): { code: number; message: string } | undefined {
  if (!header?.startsWith('Bearer ')) return { code: 1001, message: 'Authorization is empty' }
  const [head, payload, signature] = header.slice(7).split('.')
  if (!head || !payload || !signature) return { code: 1000, message: 'Authorization is invalid' }
  const expected = createHmac('sha256', KLING_TEST_SECRET).update(`${head}.${payload}`).digest('base64url')
  if (expected !== signature) return { code: 1000, message: 'Authorization is invalid' }
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: string; exp?: number; nbf?: number }
  const now = Math.floor(Date.now() / 1000)
  if (claims.iss !== KLING_TEST_ACCESS) return { code: 1000, message: 'Authorization is invalid' }
  if ((claims.nbf ?? 0) > now) return { code: 1003, message: 'Authorization is not yet valid' }
  if ((claims.exp ?? 0) < now) return { code: 1004, message: 'Authorization has expired' }
  return undefined
}

function checkCreate(kind: string, body: Record<string, unknown>): string | undefined {
  if (typeof body.prompt !== 'string' || body.prompt.length > 2500) return 'prompt is required, at most 2500 characters'
  if (body.duration !== '5' && body.duration !== '10') return 'duration must be "5" or "10"'
  if (!['16:9', '9:16', '1:1'].includes(String(body.aspect_ratio))) return 'invalid aspect_ratio'
  if (body.mode !== undefined && body.mode !== 'std' && body.mode !== 'pro') return 'invalid mode'
  if (kind === 'image2video') {
    if (typeof body.image !== 'string' || body.image.startsWith('data:')) return 'image must be a URL or base64 without a data: prefix'
  }
  return undefined
}
