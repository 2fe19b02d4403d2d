/*
 * Every generation back end this build knows, by id. Cloud adapters join the list as they land; a
 * document naming a provider that is not here gets a clear refusal, not a silent fallback.
 */
import { animatic } from './local/animatic'
import type { GenerationProvider } from './provider'

export const PROVIDER_IDS = ['animatic'] as const satisfies readonly string[]
export type ProviderId = (typeof PROVIDER_IDS)[number]

const providers: Readonly<Record<ProviderId, GenerationProvider>> = { animatic }

export function providerFor(id: ProviderId): GenerationProvider {
  return providers[id]
}
