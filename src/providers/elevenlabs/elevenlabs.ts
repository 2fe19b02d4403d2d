/*
 * ElevenLabs (docs/providers.md §9): text to speech, sound effects and music, each a synchronous POST
 * whose answer is the audio itself (MP3 at 44.1 kHz, 128 kb/s: the format every plan has).
 */
import type { RemoteAccess } from '../../engine'
import { keyedCall, pause, ProviderError } from '../http'
import type { CostEstimate } from '../provider'
import type { SoundProvider, SoundRequest } from '../sound'

export const ELEVENLABS_API = 'https://api.elevenlabs.io'
const NAME = 'ElevenLabs'
const OUTPUT_FORMAT = 'mp3_44100_128'
/** A voice every account has ("Rachel"), for a speech node left on its default. */
export const DEFAULT_VOICE = '21m00Tcm4TlvDq8ikWAM'

/**
 * ElevenLabs bills in credits per plan; these are rough pay-as-you-go list prices (2025), shown so
 * a run's cost is not a surprise, not as a quote.
 */
const USD_PER_1000_CHARS = 0.3
const USD_PER_SECOND_EFFECT = 0.02
const USD_PER_SECOND_MUSIC = 0.01
const PRICES_AS_OF = '2025'

export interface ElevenLabsOptions {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function createElevenLabs(remote: RemoteAccess, options: ElevenLabsOptions = {}): SoundProvider {
  const sleep = options.sleep ?? pause

  const call = keyedCall(remote, { provider: NAME, keyId: 'elevenlabs', base: ELEVENLABS_API, headers: (key) => ({ 'xi-api-key': key }), classify: classifyElevenLabs, sleep })

  async function post(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<Blob> {
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'audio/mpeg' }, body: JSON.stringify(body) }
    // The answer is the sound: a 429 made nothing, so it may be asked again.
    const response = await call(`${path}?output_format=${OUTPUT_FORMAT}`, init, 'create', signal)
    const audio = await response.blob()
    if (audio.size === 0) throw new ProviderError('unavailable', `${NAME} answered without any sound.`)
    return audio.type ? audio : new Blob([audio], { type: 'audio/mpeg' })
  }

  return {
    id: 'elevenlabs',
    name: NAME,
    runsOn: 'cloud',
    kinds: ['speech', 'sound-effect', 'music'],
    limits: {
      speech: { maxChars: 5000 },
      'sound-effect': { maxChars: 450, durationS: { min: 0.5, max: 30 } },
      music: { maxChars: 2000, durationS: { min: 3, max: 600 } },
    },
    estimateCost(request: SoundRequest): CostEstimate {
      if (request.kind === 'speech') {
        const amount = (request.text.length / 1000) * USD_PER_1000_CHARS
        return { amount, currency: 'USD', basis: `${request.text.length} characters at about $${USD_PER_1000_CHARS} per 1,000 (${PRICES_AS_OF})` }
      }
      const seconds = request.durationS ?? (request.kind === 'music' ? 30 : 5)
      const rate = request.kind === 'music' ? USD_PER_SECOND_MUSIC : USD_PER_SECOND_EFFECT
      return { amount: seconds * rate, currency: 'USD', basis: `${seconds} s at about $${rate} a second (${PRICES_AS_OF})` }
    },
    async make(request, signal) {
      switch (request.kind) {
        case 'speech':
          return post(`/v1/text-to-speech/${encodeURIComponent(request.voice ?? DEFAULT_VOICE)}`, {
            text: request.text,
            model_id: 'eleven_multilingual_v2',
            ...(request.seed !== undefined ? { seed: request.seed } : {}),
          }, signal)
        case 'sound-effect':
          return post('/v1/sound-generation', { text: request.text, duration_seconds: request.durationS ?? null, prompt_influence: 0.3 }, signal)
        case 'music':
          return post('/v1/music', {
            prompt: request.text,
            ...(request.durationS !== undefined ? { music_length_ms: Math.round(request.durationS * 1000) } : {}),
          }, signal)
      }
    },
  }
}

function classifyElevenLabs(status: number, body: unknown): ProviderError | undefined {
  const detail = (body as { detail?: unknown })?.detail
  const code = typeof detail === 'object' && detail !== null && 'status' in detail ? String((detail as { status: unknown }).status) : undefined
  if (status === 429 && code === 'too_many_concurrent_requests') {
    return new ProviderError('rate-limited', `${NAME} is already making as many sounds at once as your plan allows; this one waits its turn.`)
  }
  if (status === 429 && code === 'system_busy') return new ProviderError('rate-limited', `${NAME} is busy just now; trying again shortly.`)
  if (code === 'quota_exceeded' || code === 'insufficient_credits') return new ProviderError('out-of-credit', `${NAME} says the account has no credits left for this: top it up on ElevenLabs’ site.`)
  if (code === 'voice_not_found') return new ProviderError('bad-request', `${NAME} does not know that voice: pick another voice id.`)
  if (status === 422 && Array.isArray(detail)) {
    const fields = detail.map((entry: { loc?: unknown[] }) => (entry.loc ?? []).slice(1).join('.')).filter(Boolean)
    return new ProviderError('bad-request', `${NAME} refused the request${fields.length ? ` (check ${fields.join(', ')})` : ''}.`)
  }
  return undefined
}
