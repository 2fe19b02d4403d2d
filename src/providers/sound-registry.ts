/* Every back end that makes sound from words, by id, as the speech, sound-effect and music nodes name them. */
import { offlineAccess, type AssetAccess, type AssetRef, type EstimateContext, type RemoteAccess, type SpendEstimate } from '../engine'
import { probeAudioFile } from '../media/audio/decode'
import { createElevenLabs } from './elevenlabs/elevenlabs'
import { missingKey } from './provider'
import { checkSoundRequest, type SoundProvider, type SoundRequest } from './sound'

export const SOUND_PROVIDER_IDS = ['elevenlabs'] as const satisfies readonly string[]
export type SoundProviderId = (typeof SOUND_PROVIDER_IDS)[number]

const soundProviders: Readonly<Record<SoundProviderId, (remote: RemoteAccess) => SoundProvider>> = { elevenlabs: createElevenLabs }

export function soundProviderFor(id: SoundProviderId, remote: RemoteAccess = offlineAccess()): SoundProvider {
  return soundProviders[id](remote)
}

/**
 * What the speech, sound-effect and music nodes share: refuse what the back end cannot make
 * before paying, make it, and store it as an `audio` asset with what decoding finds out about it.
 */
export async function makeSound(
  providerId: SoundProviderId,
  request: SoundRequest,
  ctx: { remote: RemoteAccess; assets: AssetAccess; signal: AbortSignal; log(message: string): void; spend(amountUsd: number): void },
): Promise<AssetRef> {
  const provider = soundProviderFor(providerId, ctx.remote)
  const refusal = checkSoundRequest(request, provider)
  if (refusal) throw new Error(`${provider.name}: ${refusal}`)
  const cost = provider.estimateCost(request)
  ctx.log(`${provider.name}: about $${cost.amount.toFixed(2)} (${cost.basis})`)
  const audio = await provider.make(request, ctx.signal)
  // The sound came back: the provider took the request, and charged for it. One request, no job to
  // follow, so its charge goes to the ledger under an id of its own.
  ctx.spend(cost.amount)
  if (cost.amount > 0) await ctx.remote.jobs.charge({ id: `sound ${crypto.randomUUID()}`, provider: provider.id, priceUsd: cost.amount, acceptedAt: Date.now() })
  const facts = await probeAudioFile(await audio.arrayBuffer()).catch((error: unknown) => {
    throw new Error(`${provider.name} sent back sound this browser cannot decode: ${error instanceof Error ? error.message : String(error)}`)
  })
  return ctx.assets.put(audio, { kind: 'audio', mime: audio.type || 'audio/mpeg', meta: { name: request.kind, provider: provider.id, ...facts } })
}

/** What a sound node's run would spend: the same request, the same checks, the key looked for. */
export async function estimateSound(providerId: SoundProviderId, request: SoundRequest, ctx: EstimateContext): Promise<SpendEstimate> {
  const provider = soundProviderFor(providerId)
  const about = { provider: provider.id, name: provider.name }
  const refusal = checkSoundRequest(request, provider)
  if (refusal) return { kind: 'cannot-run', ...about, why: refusal }
  const noKey = provider.runsOn === 'cloud' ? await missingKey(ctx.remote, provider) : undefined
  if (noKey) return { kind: 'cannot-run', ...about, why: noKey }
  const cost = provider.estimateCost(request)
  return { kind: 'priced', ...about, usd: cost.amount, units: 1, unit: 'sound', basis: cost.basis }
}
