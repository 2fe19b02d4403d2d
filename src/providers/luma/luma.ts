/*
 * Luma's Dream Machine API (docs/providers.md §2): a generation is created and polled until it is
 * `completed`, and its video link (lifetime unknown) is downloaded at once. Luma takes reference
 * images only as public URLs, which a shot made on this machine does not have, so it is used for
 * text-to-video; it has no cancel, so a cancelled take runs on and still lands in the cache.
 */
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { keyedCall, pause, ProviderError } from '../http'
import type { CostEstimate, GenerationProvider, JobStatus } from '../provider'

export const LUMA_API = 'https://api.lumalabs.ai/dream-machine/v1'
const NAME = 'Luma'
const MODEL = 'ray-2'

/** ray-2 list prices for a 5 s clip, from ComfyUI's API-node price table (2025); 9 s costs about 1.8×. */
const PRICE_5S_USD: Record<number, number> = { 720: 0.71, 1080: 1.59 }
const PRICES_AS_OF = '2025'

export interface LumaOptions {
  pollIntervalMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function createLuma(remote: RemoteAccess, options: LumaOptions = {}): GenerationProvider {
  const sleep = options.sleep ?? pause

  const call = keyedCall(remote, { provider: NAME, keyId: 'luma', base: LUMA_API, headers: (key) => ({ Authorization: `Bearer ${key}` }), classify: classifyLuma, sleep })

  async function generation(id: string, signal?: AbortSignal): Promise<LumaGeneration> {
    const response = await call(`/generations/${encodeURIComponent(id)}`, { method: 'GET' }, 'read', signal)
    return parseGeneration(await response.json())
  }

  return {
    id: 'luma',
    name: NAME,
    runsOn: 'cloud',
    capabilities: {
      durationS: { min: 5, max: 9 },
      durationsS: [5, 9],
      aspects: ['16:9', '9:16', '1:1'],
      heights: [720, 1080],
      fps: [24],
      maxReferenceImages: 0,
      nativeAudio: false,
    },
    pollIntervalMs: options.pollIntervalMs ?? 5000,
    estimateCost(request): CostEstimate {
      const five = PRICE_5S_USD[request.height] ?? PRICE_5S_USD[1080] ?? 0
      const amount = request.durationS > 5 ? five * 1.8 : five
      return { amount, currency: 'USD', basis: `${MODEL} ${request.height}p, ${request.durationS} s: $${amount.toFixed(2)} (list price, ${PRICES_AS_OF})` }
    },
    async submit(request, job) {
      const body = {
        model: MODEL,
        prompt: request.prompt.text,
        aspect_ratio: request.aspect,
        duration: `${request.durationS}s`,
        resolution: `${request.height}p`,
      }
      const response = await call('/generations/video', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, 'create', job.signal)
      const created = parseGeneration(await response.json())
      return created.id
    },
    async poll(jobId, signal): Promise<JobStatus> {
      const current = await generation(jobId, signal)
      switch (current.state) {
        case 'queued':
          return { state: 'queued' }
        case 'dreaming':
          return { state: 'running' }
        case 'completed':
          return { state: 'succeeded' }
        case 'failed':
          return { state: 'failed', message: failureMessage(current.failureReason) }
      }
    },
    // Luma has no way to stop a generation: it runs on, is paid, and lands in the cache when done.
    cancel: async () => false,
    async fetchResult(jobId, signal) {
      const url = (await generation(jobId, signal)).video
      if (!url) throw new ProviderError('unavailable', `${NAME} says the take is done but sent no clip.`)
      const response = await remote.fetch(url, signal ? { signal } : {})
      if (!response.ok) {
        throw new ProviderError(response.status === 403 || response.status === 410 ? 'expired' : 'unavailable', `${NAME}'s clip could not be downloaded (HTTP ${response.status}).`)
      }
      return clipFromDownload(await response.blob(), NAME)
    },
  }
}

interface LumaGeneration {
  id: string
  state: 'queued' | 'dreaming' | 'completed' | 'failed'
  failureReason?: string
  video?: string
}

const STATES = new Set(['queued', 'dreaming', 'completed', 'failed'])

function parseGeneration(body: unknown): LumaGeneration {
  const generation = (body ?? {}) as { id?: unknown; state?: unknown; failure_reason?: unknown; assets?: { video?: unknown } | null }
  if (typeof generation.id !== 'string' || typeof generation.state !== 'string' || !STATES.has(generation.state)) {
    throw new ProviderError('unavailable', `${NAME} answered with a generation this app cannot read.`)
  }
  return {
    id: generation.id,
    state: generation.state as LumaGeneration['state'],
    ...(typeof generation.failure_reason === 'string' ? { failureReason: generation.failure_reason } : {}),
    ...(typeof generation.assets?.video === 'string' ? { video: generation.assets.video } : {}),
  }
}

function failureMessage(reason: string | undefined): string {
  if (reason && /moderat|policy|safety|prohibited/i.test(reason)) return 'Luma’s content policy refused this shot; change the prompt'
  return 'Luma could not make it; run again'
}

function classifyLuma(status: number, body: unknown): ProviderError | undefined {
  const detail = (body as { detail?: unknown })?.detail
  const text = typeof detail === 'string' ? detail : ''
  if (status === 400 && /moderat|policy|prohibited/i.test(text)) return new ProviderError('content-policy', 'Luma’s content policy refused this shot; change the prompt.')
  if (status === 400 && /credit|balance/i.test(text)) return new ProviderError('out-of-credit', 'Luma says the account is out of credit: top it up on Luma’s site.')
  if (status === 400) return new ProviderError('bad-request', `Luma refused the request${text ? `: ${text.slice(0, 200)}` : ''}.`)
  return undefined
}
