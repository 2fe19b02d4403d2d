/*
 * Kling's official API (docs/providers.md §3): every request carries a fresh JWT made from the access and
 * secret keys; a task is created as text2video or image2video (a reference image goes inline as raw
 * base64, no `data:` prefix), polled on the path of the kind it was created as, and its clip link
 * downloaded at once. Kling has no cancel: a cancelled take runs on and still lands in the cache.
 * Each task carries our `external_task_id`, by which a task whose create answer was lost is found
 * again instead of paid for twice. Failures come as HTTP status plus a business code, some of which
 * must not be retried.
 */
import { z } from 'zod'
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { base64Of } from '../encoding'
import { keyedCall, pause, ProviderError } from '../http'
import type { CostEstimate, GenerationProvider, JobStatus } from '../provider'
import { klingToken } from './jwt'

export const KLING_API = 'https://api-singapore.klingai.com'
const NAME = 'Kling'
const MODEL = 'kling-v2-1'
/** The kinds of task we create; each is read back only on its own path. */
const KINDS = ['text2video', 'image2video'] as const

/**
 * Kling sells prepaid packs with no public per-second price; this is what resellers charge for
 * Kling 2.1 (fal, 2026): standard 720p $0.28 and pro 1080p $0.49 for 5 s, twice that for 10 s.
 */
const PRICE_5S_USD: Record<number, number> = { 720: 0.28, 1080: 0.49 }
const PRICES_AS_OF = '2026, reseller prices'

export interface KlingOptions {
  pollIntervalMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** The key as it is kept: the access key and the secret key, joined by a colon. */
function splitKey(stored: string | undefined): { access: string; secret: string } | undefined {
  const at = stored?.indexOf(':') ?? -1
  if (!stored || at <= 0 || at === stored.length - 1) return undefined
  return { access: stored.slice(0, at), secret: stored.slice(at + 1) }
}

export function createKling(remote: RemoteAccess, options: KlingOptions = {}): GenerationProvider {
  const sleep = options.sleep ?? pause

  const keyed = keyedCall(remote, {
    provider: NAME,
    keyId: 'kling',
    base: KLING_API,
    keyName: 'your access key and secret key',
    keyFormat: 'access-key:secret-key',
    // Each call carries a short-lived token signed with the secret key, never the key itself.
    headers: async (stored) => {
      const keys = splitKey(stored)
      if (!keys) throw new ProviderError('no-key', `${NAME} needs your access key and secret key: add them in File → Provider keys as access-key:secret-key.`)
      return { Authorization: `Bearer ${await klingToken(keys.access, keys.secret)}` }
    },
    sleep,
  })

  async function call(path: string, init: RequestInit, kind: 'create' | 'read', signal?: AbortSignal): Promise<unknown> {
    const response = await keyed(path, init, kind, signal, (status, body) => classifyKling(status, body, kind))
    const envelope = (await response.json()) as { code?: unknown; data?: unknown }
    if (envelope.code !== 0) throw classifyKling(response.status, envelope, kind) ?? new ProviderError('unavailable', `${NAME} answered with an error (code ${String(envelope.code)}).`)
    return envelope.data
  }

  async function task(jobId: string, signal?: AbortSignal): Promise<KlingTask> {
    return parseTask(await call(`/v1/videos/${jobId}`, { method: 'GET' }, 'read', signal))
  }

  /** The task of this kind made under our external id, as a job id; undefined when Kling has none. */
  async function taskByExternalId(kind: (typeof KINDS)[number], clientId: string): Promise<string | undefined> {
    const query = new URLSearchParams({ external_task_id: clientId })
    const data = await call(`/v1/videos/${kind}?${query}`, { method: 'GET' }, 'read').catch((error: unknown) => {
      if (error instanceof ProviderError && error.failure === 'not-found') return undefined
      throw error
    })
    if (data === undefined) return undefined
    const found = lookedUpTaskSchema.safeParse(data)
    // Following some other task would show its clip as this take's: better to stop and say so.
    if (!found.success || found.data.task_info.external_task_id !== clientId) {
      throw new ProviderError('unavailable', `${NAME} answered a look-up of a lost take with some other task; run the node again later.`)
    }
    return `${kind}/${found.data.task_id}`
  }

  return {
    id: 'kling',
    name: NAME,
    runsOn: 'cloud',
    capabilities: {
      durationS: { min: 5, max: 10 },
      durationsS: [5, 10],
      aspects: ['16:9', '9:16', '1:1'],
      heights: [720, 1080],
      fps: [24],
      maxReferenceImages: 1,
      nativeAudio: false,
    },
    pollIntervalMs: options.pollIntervalMs ?? 10_000,
    estimateCost(request): CostEstimate {
      const five = PRICE_5S_USD[request.height] ?? PRICE_5S_USD[1080] ?? 0
      const amount = request.durationS > 5 ? five * 2 : five
      return { amount, currency: 'USD', basis: `${MODEL} ${request.height === 1080 ? 'pro' : 'standard'}, ${request.durationS} s: $${amount.toFixed(2)} (${PRICES_AS_OF})` }
    },
    async submit(request, job) {
      const [reference] = request.references
      const kind = reference ? 'image2video' : 'text2video'
      const body = {
        model_name: MODEL,
        prompt: request.prompt.text.slice(0, 2500),
        aspect_ratio: request.aspect,
        duration: String(request.durationS),
        mode: request.height === 1080 ? 'pro' : 'std',
        // Ours and unique per take: a lost answer can be looked up by it instead of paying again.
        external_task_id: job.clientId,
        ...(reference ? { image: await base64Of(reference.image) } : {}),
      }
      const data = await call(`/v1/videos/${kind}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, 'create', job.signal)
      const taskId = (data as { task_id?: unknown } | undefined)?.task_id
      if (typeof taskId !== 'string') throw new ProviderError('unavailable', `${NAME} accepted the shot but did not say which task it made.`)
      // A task is read back on the path of the kind it was made as.
      return `${kind}/${taskId}`
    },
    async poll(jobId, signal): Promise<JobStatus> {
      const current = await task(jobId, signal)
      switch (current.status) {
        case 'submitted':
          return { state: 'queued' }
        case 'processing':
          return { state: 'running' }
        case 'succeed':
          return { state: 'succeeded' }
        case 'failed':
          return { state: 'failed', message: failureMessage(current.message) }
      }
    },
    cancel: async () => false,
    async fetchResult(jobId, signal) {
      const url = (await task(jobId, signal)).videoUrl
      if (!url) throw new ProviderError('unavailable', `${NAME} says the take is done but sent no clip.`)
      const response = await remote.fetch(url, signal ? { signal } : {})
      if (!response.ok) throw new ProviderError(response.status === 403 || response.status === 410 ? 'expired' : 'unavailable', `${NAME}'s clip could not be downloaded (HTTP ${response.status}).`)
      return clipFromDownload(await response.blob(), NAME)
    },
    async recover(clientId) {
      // Which kind the lost create was is not known here: a task is found only under its own kind.
      for (const kind of KINDS) {
        const jobId = await taskByExternalId(kind, clientId)
        if (jobId) return jobId
      }
      return undefined
    },
  }
}

const lookedUpTaskSchema = z.object({ task_id: z.string(), task_info: z.object({ external_task_id: z.string().optional() }) })

interface KlingTask {
  status: 'submitted' | 'processing' | 'succeed' | 'failed'
  message?: string
  videoUrl?: string
}

const STATUSES = new Set(['submitted', 'processing', 'succeed', 'failed'])

function parseTask(data: unknown): KlingTask {
  const task = (data ?? {}) as { task_status?: unknown; task_status_msg?: unknown; task_result?: { videos?: { url?: unknown }[] } }
  if (typeof task.task_status !== 'string' || !STATUSES.has(task.task_status)) {
    throw new ProviderError('unavailable', `${NAME} answered with a task state this app does not know.`)
  }
  const url = task.task_result?.videos?.[0]?.url
  return {
    status: task.task_status as KlingTask['status'],
    ...(typeof task.task_status_msg === 'string' ? { message: task.task_status_msg } : {}),
    ...(typeof url === 'string' ? { videoUrl: url } : {}),
  }
}

function failureMessage(message: string | undefined): string {
  if (message && /risk|sensitive|policy|safety/i.test(message)) return 'Kling’s content policy refused this shot; change the prompt or the reference image'
  return 'Kling could not make it; run again'
}

/** Kling's business codes (docs/providers.md §3): which are the account's problem, the content's, or a wait. */
function classifyKling(status: number, body: unknown, kind: 'create' | 'read'): ProviderError | undefined {
  const code = Number((body as { code?: unknown })?.code)
  // 1203 is "the requested resource does not exist": on a read, the task (or the external id) is unknown.
  if (code === 1203 && kind === 'read') return new ProviderError('not-found', `${NAME} does not know this task (it clears tasks after 30 days).`)
  if (code >= 1000 && code <= 1004) return new ProviderError('bad-key', `${NAME} refused the keys: check the access key and secret key in File → Provider keys.`)
  if (code >= 1100 && code <= 1102) return new ProviderError('out-of-credit', `${NAME} says the account cannot generate (no resource pack left, or payment due): see your Kling account.`)
  if (code === 1300 || code === 1301) return new ProviderError('content-policy', `${NAME}’s content policy refused this shot; change the prompt or the reference image.`)
  if (code === 1302 || code === 1303) return new ProviderError('rate-limited', `${NAME} is already running as many tasks as your account allows; this one waits its turn.`)
  if (code >= 1200 && code <= 1203) return new ProviderError('bad-request', `${NAME} refused the request's settings (code ${code}).`)
  if (status === 429) return new ProviderError('rate-limited', `${NAME} is limiting how fast we call it; try again in a little while.`)
  return undefined
}
