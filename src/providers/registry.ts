/*
 * Every generation back end this build knows, by id. Cloud adapters join the list as they land; a
 * document naming a provider that is not here gets a clear refusal, not a silent fallback.
 */
import { offlineAccess, type RemoteAccess } from '../engine'
import { createKling } from './kling/kling'
import { animatic } from './local/animatic'
import { createLuma } from './luma/luma'
import type { GenerationProvider } from './provider'
import { createRunway } from './runway/runway'

export const PROVIDER_IDS = ['animatic', 'runway', 'luma', 'kling'] as const satisfies readonly string[]
export type ProviderId = (typeof PROVIDER_IDS)[number]

/** Each back end made for the services of a run: cloud ones call out through `remote`. */
const providers: Readonly<Record<ProviderId, (remote: RemoteAccess) => GenerationProvider>> = {
  animatic: () => animatic,
  runway: createRunway,
  luma: createLuma,
  kling: createKling,
}

export function providerFor(id: ProviderId, remote: RemoteAccess = offlineAccess()): GenerationProvider {
  return providers[id](remote)
}

export function isProviderId(id: string): id is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(id)
}

/** What the settings dialog shows of each cloud back end: where a key comes from. */
export interface CloudProviderInfo {
  id: string
  name: string
  /** Where a person gets a key. */
  keyPage: string
}

export const CLOUD_PROVIDERS: readonly CloudProviderInfo[] = [
  { id: 'topaz', name: 'Topaz Labs (upscale)', keyPage: 'https://account.topazlabs.com/manage-api' },
  { id: 'runway', name: 'Runway', keyPage: 'https://dev.runwayml.com/' },
  { id: 'luma', name: 'Luma', keyPage: 'https://lumalabs.ai/dream-machine/api/keys' },
  { id: 'kling', name: 'Kling (access-key:secret-key)', keyPage: 'https://app.klingai.com/global/dev/api-key' },
  { id: 'elevenlabs', name: 'ElevenLabs', keyPage: 'https://elevenlabs.io/app/settings/api-keys' },
]
