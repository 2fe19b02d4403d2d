/*
 * Topaz Labs' video API (docs/providers.md §10, developer.topazlabs.com): a request is created with the
 * clip's facts (free: Topaz answers with its estimate), accepted (which reserves the credits and
 * gives signed upload links), the clip PUT to those links in 500 MB parts, the upload completed
 * with each part's ETag (which queues it), its status polled, and the result downloaded from a
 * signed link before it expires. An upload that fails after the accept cancels the request, which
 * refunds every reserved credit, so nothing is paid for a clip Topaz never received.
 */
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { callApi, keyedCall, pause, ProviderError } from '../http'
import type { CostEstimate, JobStatus } from '../provider'
import type { PictureSize, UpscalePlan, UpscaleProvider, UpscaleRequest } from '../upscale'

export const TOPAZ_API = 'https://api.topazlabs.com'
const NAME = 'Topaz'
/** Proteus, Topaz's general-purpose enhancement and upscaling model. */
export const TOPAZ_MODEL = 'prob-4'
/** The upload's segment size: Topaz gives one link per 500 MB. */
const SEGMENT_BYTES = 500_000_000

/**
 * Topaz bills in credits and publishes no dollar rate for them; this is a reseller's price for
 * Topaz's Proteus video upscale (about $0.06 a second at 4K, 2026), in proportion to the pixels
 * made. Topaz's own estimate comes back when the request is created.
 */
const USD_PER_SECOND_AT_4K = 0.06
const PIXELS_4K = 3840 * 2160
const PRICE_SOURCE = 'reseller price for Topaz Proteus, 2026'

/** The containers Topaz takes, by the media type mediabunny reads. */
const CONTAINERS: Record<string, string> = { 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/webm': 'webm', 'video/x-matroska': 'mkv' }

export interface TopazOptions {
  pollIntervalMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function createTopaz(remote: RemoteAccess, options: TopazOptions = {}): UpscaleProvider {
  const sleep = options.sleep ?? pause

  const call = keyedCall(remote, { provider: NAME, keyId: 'topaz', base: TOPAZ_API, headers: (key) => ({ 'X-API-Key': key, Accept: 'application/json' }), classify: classifyTopaz, sleep })

  const json = (body: unknown): RequestInit => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

  async function status(requestId: string, signal?: AbortSignal): Promise<TopazStatus> {
    const response = await call(`/video/${encodeURIComponent(requestId)}/status`, { method: 'GET' }, 'read', signal)
    return parseStatus(await response.json())
  }

  /** PUTs the clip to the signed links in order and gives each part's ETag. */
  async function upload(clip: Blob, urls: string[], signal?: AbortSignal): Promise<{ partNum: number; eTag: string }[]> {
    const segment = Math.max(SEGMENT_BYTES, Math.ceil(clip.size / urls.length))
    const parts: { partNum: number; eTag: string }[] = []
    for (const [index, url] of urls.entries()) {
      const part = clip.slice(index * segment, (index + 1) * segment)
      if (part.size === 0) break
      // A failed PUT may be sent again to the same link: it overwrites what arrived.
      const response = await callApi(remote, {
        provider: NAME,
        url,
        init: { method: 'PUT', body: part },
        kind: 'read',
        sleep,
        classify: (code) => new ProviderError(code >= 500 ? 'unavailable' : 'expired', `${NAME}'s upload link refused the clip (HTTP ${code}).`),
        ...(signal ? { signal } : {}),
      })
      parts.push({ partNum: index + 1, eTag: response.headers.get('etag') ?? 'unused' })
    }
    return parts
  }

  return {
    id: 'topaz',
    name: NAME,
    runsOn: 'cloud',
    pollIntervalMs: options.pollIntervalMs ?? 10_000,
    capabilities: {
      maxFactor: 4,
      // 8K, the largest output in Topaz's own examples.
      maxOutput: { long: 7680, short: 4320 },
    },
    outputSize: (_source, target) => target,
    estimateCost(plan: UpscalePlan): CostEstimate {
      const seconds = Math.max(1, plan.source.durationS)
      const share = (plan.target.width * plan.target.height) / PIXELS_4K
      const rate = USD_PER_SECOND_AT_4K * share
      return {
        amount: rate * seconds,
        currency: 'USD',
        basis: `about $${rate.toFixed(3)} a second × ${seconds.toFixed(1)} s at ${plan.target.width}×${plan.target.height} (${PRICE_SOURCE})`,
      }
    },
    async submit(request, job) {
      const { signal } = job
      // Creating is free: Topaz answers with its estimate, and nothing is reserved until the accept.
      const created = (await (await call('/video/', { method: 'POST', ...json(createBody(request)) }, 'create', signal)).json()) as { requestId?: unknown }
      if (typeof created.requestId !== 'string') throw new ProviderError('unavailable', `${NAME} took the request but did not say which one it made.`)
      const requestId = created.requestId
      await job.started?.(requestId)
      const accepted = (await (await call(`/video/${encodeURIComponent(requestId)}/accept`, { method: 'PATCH' }, 'create', signal)).json()) as { urls?: unknown }
      const urls = Array.isArray(accepted.urls) ? accepted.urls.filter((url): url is string => typeof url === 'string') : []
      try {
        if (urls.length === 0) throw new ProviderError('unavailable', `${NAME} reserved the credits but sent no upload link.`)
        const uploadResults = await upload(request.clip, urls, signal)
        await call(`/video/${encodeURIComponent(requestId)}/complete-upload/`, { method: 'PATCH', ...json({ uploadResults }) }, 'read', signal)
      } catch (error) {
        // Not processing yet: a cancel refunds every reserved credit.
        await call(`/video/${encodeURIComponent(requestId)}`, { method: 'DELETE' }, 'read').catch(() => undefined)
        throw error
      }
      return requestId
    },
    async poll(jobId, signal): Promise<JobStatus> {
      const current = await status(jobId, signal)
      switch (current.status) {
        case 'requested':
        case 'accepted':
        case 'initializing':
        case 'preprocessing':
          return { state: 'queued' }
        case 'processing':
        case 'postprocessing':
          return { state: 'running', ...(current.progress !== undefined ? { progress: current.progress / 100 } : {}) }
        case 'complete':
          return { state: 'succeeded' }
        case 'failed':
          return { state: 'failed', message: failureMessage(current.errorCode) }
        case 'canceling':
        case 'canceled':
          return { state: 'cancelled' }
      }
    },
    async cancel(jobId) {
      const current = await status(jobId)
      if (current.status === 'complete' || current.status === 'failed' || current.status === 'canceled' || current.status === 'canceling') return false
      await call(`/video/${encodeURIComponent(jobId)}`, { method: 'DELETE' }, 'read')
      return true
    },
    async fetchResult(jobId, signal) {
      // Asked again once: older answers gave a fresh link each time, newer ones the same link until it expires.
      for (let attempt = 0; attempt < 2; attempt++) {
        const { download } = await status(jobId, signal)
        if (!download) throw new ProviderError('unavailable', `${NAME} says the upscale is done but sent no link to it.`)
        if (download.expiresAt !== undefined && download.expiresAt <= Date.now()) break
        const response = await remote.fetch(download.url, signal ? { signal } : {})
        if (response.ok) return clipFromDownload(await response.blob(), NAME)
        if (response.status !== 403 && response.status !== 410) throw new ProviderError('unavailable', `${NAME}'s upscale could not be downloaded (HTTP ${response.status}).`)
      }
      throw new ProviderError('expired', `${NAME}'s link to this upscale has expired (Topaz keeps results only for a few days); run the node again to make it anew.`)
    },
  }
}

function createBody(request: UpscaleRequest): Record<string, unknown> {
  const { source, target } = request
  const container = CONTAINERS[source.mime] ?? 'mp4'
  const resolution = (size: PictureSize) => ({ width: size.width, height: size.height })
  return {
    source: { container, size: source.bytes, duration: source.durationS, frameRate: source.fps, frameCount: source.frameCount, resolution: resolution(source) },
    filters: [{ model: TOPAZ_MODEL }],
    output: { resolution: resolution(target), frameRate: source.fps, audioCodec: 'AAC', audioTransfer: 'Copy', videoEncoder: 'H264', container: 'mp4' },
  }
}

const STATUSES = ['requested', 'accepted', 'initializing', 'preprocessing', 'processing', 'postprocessing', 'complete', 'canceling', 'canceled', 'failed'] as const

interface TopazStatus {
  status: (typeof STATUSES)[number]
  /** In percent. */
  progress?: number
  errorCode?: string
  download?: { url: string; expiresAt?: number }
}

function parseStatus(body: unknown): TopazStatus {
  const answer = (body ?? {}) as Record<string, unknown>
  const state = STATUSES.find((known) => known === answer.status)
  if (!state) throw new ProviderError('unavailable', `${NAME} answered with a request state this app does not know.`)
  const download = (answer.download ?? undefined) as { url?: unknown; expiresAt?: unknown } | undefined
  return {
    status: state,
    ...(typeof answer.progress === 'number' ? { progress: answer.progress } : {}),
    ...(typeof answer.errorCode === 'string' ? { errorCode: answer.errorCode } : {}),
    ...(typeof download?.url === 'string' ? { download: { url: download.url, ...(typeof download.expiresAt === 'number' ? { expiresAt: download.expiresAt } : {}) } } : {}),
  }
}

/** Topaz's own message is not for showing; its code says what kind of failure it was. */
function failureMessage(code: string | undefined): string {
  if (code === 'INVALID_INPUT') return 'Topaz could not read the clip; re-export it as H.264 in MP4'
  if (code === 'INSUFFICIENT_CREDITS') return 'the account ran out of credits; top it up on Topaz’s site'
  if (code === 'SERVER_MAINTENANCE' || code === 'SERVER_ERROR') return 'Topaz failed on its side; run again'
  return `Topaz could not upscale it${code ? ` (${code})` : ''}`
}

/** Topaz's error bodies: `{ message, errorCode }`, the code one of a short list. */
function classifyTopaz(status: number, body: unknown): ProviderError | undefined {
  const code = (body as { errorCode?: unknown })?.errorCode
  if (code === 'INSUFFICIENT_CREDITS' || status === 402) return new ProviderError('out-of-credit', `${NAME} says the account has too few credits for this: top it up on Topaz’s site.`)
  if (code === 'SERVER_MAINTENANCE') return new ProviderError('unavailable', `${NAME} is down for maintenance; try again later.`)
  if (code === 'INVALID_INPUT' && status === 400) {
    const fields = (body as { errors?: { field?: unknown }[] }).errors?.map((entry) => entry.field).filter((field): field is string => typeof field === 'string') ?? []
    return new ProviderError('bad-request', `${NAME} refused the request${fields.length ? ` (check ${fields.join(', ')})` : ''}.`)
  }
  return undefined
}
