/* Every upscale back end that runs off this machine, by id, as the upscale node's `method` names them. */
import { offlineAccess, type RemoteAccess } from '../engine'
import { createComfyUpscale } from './comfyui/upscale'
import type { ComfyWorkflow } from './comfyui/workflow'
import { createRunwayUpscale } from './runway/upscale'
import { createTopaz } from './topaz/topaz'
import type { UpscaleProvider } from './upscale'

export const UPSCALE_PROVIDER_IDS = ['runway', 'topaz', 'comfyui'] as const satisfies readonly string[]
export type UpscaleProviderId = (typeof UPSCALE_PROVIDER_IDS)[number]

/** What a node tells an upscale back end beyond the clip: the ComfyUI upscale workflow a person gave it. */
export interface UpscaleSetup {
  comfyWorkflow?: ComfyWorkflow
}

const upscaleProviders: Readonly<Record<UpscaleProviderId, (remote: RemoteAccess, setup: UpscaleSetup) => UpscaleProvider>> = {
  runway: (remote) => createRunwayUpscale(remote),
  topaz: (remote) => createTopaz(remote),
  comfyui: (remote, setup) => createComfyUpscale(remote, setup.comfyWorkflow ? { workflow: setup.comfyWorkflow } : {}),
}

export function upscaleProviderFor(id: UpscaleProviderId, remote: RemoteAccess = offlineAccess(), setup: UpscaleSetup = {}): UpscaleProvider {
  return upscaleProviders[id](remote, setup)
}

export function isUpscaleProviderId(id: string): id is UpscaleProviderId {
  return (UPSCALE_PROVIDER_IDS as readonly string[]).includes(id)
}
