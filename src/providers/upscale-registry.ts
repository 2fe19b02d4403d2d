/* Every cloud upscale back end, by id, as the upscale node's `method` names them. */
import { offlineAccess, type RemoteAccess } from '../engine'
import { createRunwayUpscale } from './runway/upscale'
import { createTopaz } from './topaz/topaz'
import type { UpscaleProvider } from './upscale'

export const UPSCALE_PROVIDER_IDS = ['runway', 'topaz'] as const satisfies readonly string[]
export type UpscaleProviderId = (typeof UPSCALE_PROVIDER_IDS)[number]

const upscaleProviders: Readonly<Record<UpscaleProviderId, (remote: RemoteAccess) => UpscaleProvider>> = {
  runway: createRunwayUpscale,
  topaz: createTopaz,
}

export function upscaleProviderFor(id: UpscaleProviderId, remote: RemoteAccess = offlineAccess()): UpscaleProvider {
  return upscaleProviders[id](remote)
}

export function isUpscaleProviderId(id: string): id is UpscaleProviderId {
  return (UPSCALE_PROVIDER_IDS as readonly string[]).includes(id)
}
