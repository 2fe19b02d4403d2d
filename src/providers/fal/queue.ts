/*
 * fal.ai's queue (docs/providers.md §5), shared by every model Reelgraph runs on fal: a request is
 * submitted to `queue.fal.run/<model>`, followed at its status URL (IN_QUEUE with its place in line,
 * IN_PROGRESS with the model's logs, COMPLETED), and its answer read at its response URL — where a
 * COMPLETED request may still turn out to have failed. Only a request still waiting in line can be
 * cancelled. Results are fal.media links that do not last, so they are downloaded at once.
 */
import { z } from 'zod'
import type { RemoteAccess } from '../../engine'
import { dataUriOf } from '../encoding'
import { keyedCall, pause, ProviderError } from '../http'
import { JobEndedError, type JobBackEnd, type JobStatus } from '../provider'

/** The one fal account every fal model is paid from: its key, and its jobs at once. */
export const FAL_ACCOUNT = 'fal'

export const FAL_QUEUE = 'https://queue.fal.run'
/** How fal is named in messages about the account, the key and the queue. */
const NAME = 'fal.ai'
/** Kling's limit for an input image (docs/providers.md §3), the tightest of the models here. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp']

export type FalStatus =
  | { state: 'IN_QUEUE'; position?: number }
  | { state: 'IN_PROGRESS'; progress?: number }
  | { state: 'COMPLETED' }

export interface FalQueue {
  /** Puts a request in the queue. Its id is its response URL, where its answer will be. */
  submit(model: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<string>
  status(requestId: string, signal?: AbortSignal): Promise<FalStatus>
  /** The answer of a completed request; a request that failed throws a ProviderError saying why. */
  result(requestId: string, signal?: AbortSignal): Promise<unknown>
  /** True when fal took the cancel: only a request still waiting in line can be stopped. */
  cancel(requestId: string): Promise<boolean>
  /** Downloads a file fal made; its link expires, so this is done as soon as the answer is read. */
  download(url: string, signal?: AbortSignal): Promise<Blob>
}

export interface FalQueueOptions {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

const submitted = z.object({ request_id: z.string(), response_url: z.string() })
const statusBody = z.object({
  status: z.enum(['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED']),
  queue_position: z.number().optional(),
  logs: z.array(z.object({ message: z.string() })).nullish(),
})

export function falQueue(remote: RemoteAccess, options: FalQueueOptions = {}): FalQueue {
  const sleep = options.sleep ?? pause

  const call = keyedCall(remote, { provider: NAME, keyId: FAL_ACCOUNT, headers: (key) => ({ Authorization: `Key ${key}` }), classify: classifyFal, sleep })

  return {
    async submit(model, input, signal) {
      const response = await call(`${FAL_QUEUE}/${model}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) }, 'create', signal)
      const answer = submitted.safeParse(await response.json())
      if (!answer.success) throw new ProviderError('unavailable', `${NAME} took the request but did not say where its answer will be.`)
      return queueUrl(answer.data.response_url)
    },
    async status(requestId, signal) {
      const response = await call(`${queueUrl(requestId)}/status?logs=1`, { method: 'GET' }, 'read', signal)
      const answer = statusBody.safeParse(await response.json())
      if (!answer.success) throw new ProviderError('unavailable', `${NAME} answered with a request state this app does not know.`)
      const { status, queue_position: position, logs } = answer.data
      if (status === 'IN_QUEUE') return { state: status, ...(position !== undefined ? { position } : {}) }
      if (status === 'COMPLETED') return { state: status }
      const progress = progressIn(logs ?? [])
      return { state: status, ...(progress !== undefined ? { progress } : {}) }
    },
    async result(requestId, signal) {
      const response = await call(queueUrl(requestId), { method: 'GET' }, 'read', signal)
      return response.json() as Promise<unknown>
    },
    async cancel(requestId) {
      try {
        await call(`${queueUrl(requestId)}/cancel`, { method: 'PUT' }, 'read')
        return true
      } catch (error) {
        // fal answers 400 once a runner has the request: it runs on, and is paid.
        if (error instanceof ProviderError && error.failure === 'bad-request') return false
        throw error
      }
    },
    async download(url, signal) {
      const response = await remote.fetch(url, signal ? { signal } : {})
      if (response.ok) return response.blob()
      if (response.status === 403 || response.status === 404 || response.status === 410) {
        // Asking fal again gives the same link: the result is gone, and the job with it.
        throw new JobEndedError(`${NAME}’s link to the result expired before it could be downloaded; run the node again to make it anew.`)
      }
      throw new ProviderError('unavailable', `${NAME}’s result could not be downloaded (HTTP ${response.status}).`)
    },
  }
}

/** What a model on fal is asked, and how its answer becomes a result. */
export interface FalModelCalls<Request, Result> {
  /** The endpoint and its input for a request. */
  ask(request: Request): Promise<{ model: string; input: Record<string, unknown> }>
  /** Why a completed answer holds nothing usable (a safety checker's blank), when it does not. */
  refusal?(answer: unknown): string | undefined
  /** The result from a completed answer: its files downloaded at once, their links do not last. */
  collect(answer: unknown, signal?: AbortSignal): Promise<Result>
}

/**
 * The job half of a back end on fal: submit to the queue, poll (reading the answer once COMPLETED,
 * since completed is not success), cancel while in line, and collect the result.
 */
export function falJobs<Request, Result>(queue: FalQueue, calls: FalModelCalls<Request, Result>): Pick<JobBackEnd<Request, Result>, 'submit' | 'poll' | 'cancel' | 'fetchResult'> {
  // A completed request's answer, read when its status said COMPLETED, kept until its result is fetched.
  const answers = new Map<string, unknown>()
  return {
    async submit(request, job) {
      const { model, input } = await calls.ask(request)
      return queue.submit(model, input, job.signal)
    },
    async poll(jobId, signal): Promise<JobStatus> {
      const status = await queue.status(jobId, signal)
      if (status.state === 'IN_QUEUE') return { state: 'queued' }
      if (status.state === 'IN_PROGRESS') return { state: 'running', ...(status.progress !== undefined ? { progress: status.progress } : {}) }
      try {
        const answer = await queue.result(jobId, signal)
        const refused = calls.refusal?.(answer)
        if (refused) return { state: 'failed', message: refused }
        answers.set(jobId, answer)
        return { state: 'succeeded' }
      } catch (error) {
        if (error instanceof ProviderError && (error.failure === 'bad-request' || error.failure === 'content-policy')) return { state: 'failed', message: error.message }
        throw error
      }
    },
    cancel: (jobId) => queue.cancel(jobId),
    async fetchResult(jobId, signal) {
      const answer = answers.get(jobId) ?? (await queue.result(jobId, signal))
      answers.delete(jobId)
      return calls.collect(answer, signal)
    },
  }
}

/** A request's URLs are fal's own: the key is sent to the queue's host and nowhere else. */
function queueUrl(url: string): string {
  if (!url.startsWith(`${FAL_QUEUE}/`)) throw new ProviderError('unavailable', `${NAME} pointed to a request outside its queue; it was not followed.`)
  return url
}

/** The last percentage a model logged ("Generating: 40%", a progress bar's " 40%|████"), as a fraction. */
export function progressIn(logs: readonly { message: string }[]): number | undefined {
  for (let index = logs.length - 1; index >= 0; index--) {
    const percent = /(\d{1,3}(?:\.\d+)?)\s*%/.exec(logs[index]?.message ?? '')
    if (percent) return Math.min(1, Number(percent[1]) / 100)
  }
  return undefined
}

/**
 * An image as fal's `*_url` inputs take it: a data URI (fal decodes it). Refused here, before
 * anything is paid, when no model here would read it.
 */
export async function falImageInput(image: Blob): Promise<string> {
  if (!IMAGE_TYPES.includes(image.type)) throw new ProviderError('bad-request', `${NAME} takes reference images as PNG, JPEG or WebP, not ${image.type || 'an unknown type'}.`)
  if (image.size > MAX_IMAGE_BYTES) {
    throw new ProviderError('bad-request', `${NAME} takes reference images of at most 10 MB; this one is ${(image.size / 1024 / 1024).toFixed(1)} MB.`)
  }
  return dataUriOf(image)
}

const validationErrors = z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string().optional(), type: z.string().optional() }))

/** fal's error bodies: `{ detail: "…" }`, or for a refused input `{ detail: [{ loc, msg, type }] }` (422). */
function classifyFal(status: number, body: unknown): ProviderError | undefined {
  const detail = (body as { detail?: unknown } | null)?.detail
  const text = typeof detail === 'string' ? detail : ''
  if ((status === 402 || status === 403) && /balance|locked|credit|billing/i.test(text)) {
    return new ProviderError('out-of-credit', `${NAME} says the account is out of credit: top it up on fal.ai’s billing page.`)
  }
  const fields = validationErrors.safeParse(detail)
  if (fields.success) {
    if (fields.data.some((field) => field.type === 'content_policy_violation')) {
      return new ProviderError('content-policy', `${NAME}’s content checker refused this; change the prompt or the reference image.`)
    }
    const names = fields.data.map((field) => (field.loc ?? []).filter((part) => part !== 'body').join('.')).filter(Boolean)
    return new ProviderError('bad-request', `${NAME} refused the request’s input${names.length ? ` (check ${names.join(', ')})` : ''}.`)
  }
  if (status === 400 || status === 422) return new ProviderError('bad-request', `${NAME} refused the request${text ? `: ${text.slice(0, 200)}` : ''}.`)
  return undefined
}
