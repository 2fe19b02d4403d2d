/*
 * Every generation back end this build knows, by id. Cloud adapters join the list as they land; a
 * document naming a provider that is not here gets a clear refusal, not a silent fallback.
 */
import { offlineAccess, type RemoteAccess } from '../engine'
import { createComfyUI } from './comfyui/comfyui'
import type { ComfyWorkflow } from './comfyui/workflow'
import { createKling } from './kling/kling'
import { animatic } from './local/animatic'
import { createLuma } from './luma/luma'
import type { GenerationProvider } from './provider'
import { createRunway } from './runway/runway'

export const PROVIDER_IDS = ['animatic', 'runway', 'luma', 'kling', 'comfyui'] as const satisfies readonly string[]
export type ProviderId = (typeof PROVIDER_IDS)[number]

/** What a node tells a back end beyond the shot: the ComfyUI workflow a person gave it. */
export interface ProviderSetup {
  comfyWorkflow?: ComfyWorkflow
}

/** Each back end made for the services of a run: remote ones call out through `remote`. */
const providers: Readonly<Record<ProviderId, (remote: RemoteAccess, setup: ProviderSetup) => GenerationProvider>> = {
  animatic: () => animatic,
  runway: (remote) => createRunway(remote),
  luma: (remote) => createLuma(remote),
  kling: (remote) => createKling(remote),
  comfyui: (remote, setup) => createComfyUI(remote, setup.comfyWorkflow ? { workflow: setup.comfyWorkflow } : {}),
}

export function providerFor(id: ProviderId, remote: RemoteAccess = offlineAccess(), setup: ProviderSetup = {}): GenerationProvider {
  return providers[id](remote, setup)
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
  { id: 'runway', name: 'Runway', keyPage: 'https://dev.runwayml.com/' },
  { id: 'luma', name: 'Luma', keyPage: 'https://lumalabs.ai/dream-machine/api/keys' },
  { id: 'kling', name: 'Kling (access-key:secret-key)', keyPage: 'https://app.klingai.com/global/dev/api-key' },
  { id: 'elevenlabs', name: 'ElevenLabs', keyPage: 'https://elevenlabs.io/app/settings/api-keys' },
]
