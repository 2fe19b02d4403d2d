/*
 * How a cloud adapter talks HTTP: one call with the retries the providers ask for, and their
 * failures turned into sentences a filmmaker can act on. A key never appears in a message: errors
 * are built from the status and the provider's error code, never from the request.
 */
import type { RemoteAccess } from '../engine'

/** What went wrong, in the terms a person acts on. */
export type ProviderFailure =
  | 'bad-key'
  | 'no-key'
  | 'out-of-credit'
  | 'content-policy'
  | 'rate-limited'
  | 'unavailable'
  | 'bad-request'
  | 'not-found'
  | 'expired'
  | 'no-proxy'
  /** The provider's API has been shut down. */
  | 'retired'

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    /** Seconds the provider asked us to wait, when it said. */
    readonly retryAfterS?: number,
  ) {
    super(message)
    this.name = 'ProviderError'
  }
}

/** A retry policy: how many tries in all, and the first backoff (doubled each time, with jitter). */
export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/**
 * Creating a paid job is retried only when the provider said it did not take the request (429):
 * a retried create after a 5xx could pay twice (docs/providers.md §11, rule 3). Reads retry on 429 and 5xx.
 */
export const CREATE_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 }
export const READ_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 }

export interface ApiCall {
  /** The provider's name as a person knows it, for messages. */
  provider: string
  url: string
  init?: RequestInit
  /** `create` for a call that starts paid work; `read` for status, results and cancels. */
  kind: 'create' | 'read'
  signal?: AbortSignal
  /** The provider's own reading of a failed answer (its error codes), before the generic one. */
  classify?: (status: number, body: unknown) => ProviderError | undefined
  /** Waits between tries; tests pass a quick one. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  policy?: RetryPolicy
}

/** Calls an API and gives back its successful answer, retrying what may be retried. */
export async function callApi(remote: RemoteAccess, call: ApiCall): Promise<Response> {
  const policy = call.policy ?? (call.kind === 'create' ? CREATE_RETRY : READ_RETRY)
  const sleep = call.sleep ?? pause
  for (let attempt = 1; ; attempt++) {
    call.signal?.throwIfAborted()
    const response = await remote.fetch(call.url, { ...call.init, ...(call.signal ? { signal: call.signal } : {}) })
    if (isAppPage(response)) {
      throw new ProviderError('no-proxy', `${call.provider} is reached through Reelgraph's local proxy, which is not running here: start the app with \`npm start\`.`)
    }
    if (response.headers.get('x-reelgraph-proxy') === 'refused') {
      throw new ProviderError('bad-request', `Reelgraph's proxy does not forward to ${new URL(call.url).host}, so ${call.provider} cannot be called there.`)
    }
    if (response.ok) return response
    const body = await readBody(response)
    const error = call.classify?.(response.status, body) ?? classifyStatus(call.provider, response.status)
    // A header first; some providers say it only in their error body (Gemini's RetryInfo).
    const retryAfterS = retryAfter(response.headers) ?? error.retryAfterS
    const retryable = response.status === 429 ? error.failure === 'rate-limited' : call.kind === 'read' && response.status >= 500
    if (!retryable || attempt >= policy.attempts) {
      throw retryAfterS === undefined ? error : new ProviderError(error.failure, error.message, retryAfterS)
    }
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
    // Half the backoff is fixed and half random, so many takes do not retry in step.
    const wait = retryAfterS !== undefined ? retryAfterS * 1000 : backoff / 2 + Math.random() * (backoff / 2)
    await sleep(wait, call.signal)
  }
}

/** The generic reading of an HTTP failure, for codes a provider does not explain further. */
export function classifyStatus(provider: string, status: number): ProviderError {
  if (status === 401 || status === 403) return new ProviderError('bad-key', `${provider} refused the API key: check it in File → Provider keys.`)
  if (status === 402) return new ProviderError('out-of-credit', `${provider} says the account is out of credit: top it up on ${provider}'s site.`)
  if (status === 404) return new ProviderError('not-found', `${provider} does not know this job any more.`)
  if (status === 410) return new ProviderError('expired', `${provider}'s link to the result has expired.`)
  if (status === 429) return new ProviderError('rate-limited', `${provider} is limiting how fast we call it; try again in a little while.`)
  if (status >= 500) return new ProviderError('unavailable', `${provider} is not answering properly just now (HTTP ${status}); try again later.`)
  return new ProviderError('bad-request', `${provider} refused the request (HTTP ${status}).`)
}

/** `Retry-After` in seconds or as a date, or `retry-after-ms`; undefined when absent or unreadable. */
export function retryAfter(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms'))
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms / 1000
  const value = headers.get('retry-after')
  if (value === null) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000)
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '')
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Without the proxy, a static server answers `/api-proxy/…` with the app's own page. */
function isAppPage(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').startsWith('text/html')
}

/** Waits `ms`, or until `signal` aborts (then rejects with its reason). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener('abort', stop)
      resolve()
    }
    const timer = setTimeout(done, ms)
    const stop = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', stop, { once: true })
  })
}

/** How an adapter's calls carry the person's key: whose key, in which headers, read how. */
export interface KeyedApi {
  /** The provider's name as a person knows it, for messages. */
  provider: string
  /** The key's id in the `secrets` table: the account's. */
  keyId: string
  /**
   * The headers the key travels in (`Authorization: Bearer …`, `X-API-Key: …`), for a call to
   * `url`: an adapter that follows links the service hands out sends its key only to its own host.
   * May be worked out (a token signed with the key) and may refuse a key of the wrong shape.
   */
  headers: (key: string, url: URL) => Record<string, string> | Promise<Record<string, string>>
  /** Prefixed to every path an adapter gives; absent when it gives whole URLs (links the service handed out). */
  base?: string
  /** What the key is called in the refusal when there is none: "an API key" unless the provider says otherwise. */
  keyName?: string
  /** How the key is written, where the dialog cannot say it alone ("access-key:secret-key"). */
  keyFormat?: string
  classify?: ApiCall['classify']
  sleep?: ApiCall['sleep']
}

/**
 * The one keyed `call` adapters share: the key read for each call (a key changed in the dialog
 * applies at once), a clear refusal without one, the key only in the headers `api` names.
 */
export function keyedCall(remote: RemoteAccess, api: KeyedApi) {
  return async (target: string, init: RequestInit, kind: ApiCall['kind'], signal?: AbortSignal, classify = api.classify): Promise<Response> => {
    const key = await remote.key(api.keyId)
    if (!key) {
      const format = api.keyFormat ? ` as ${api.keyFormat}` : ''
      throw new ProviderError('no-key', `${api.provider} needs ${api.keyName ?? 'an API key'}: add yours in File → Provider keys${format}.`)
    }
    const url = `${api.base ?? ''}${target}`
    return callApi(remote, {
      provider: api.provider,
      url,
      init: { ...init, headers: { ...init.headers, ...(await api.headers(key, new URL(url))) } },
      kind,
      ...(api.sleep ? { sleep: api.sleep } : {}),
      ...(classify ? { classify } : {}),
      ...(signal ? { signal } : {}),
    })
  }
}
