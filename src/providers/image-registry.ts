/* Every back end that makes a still (a storyboard frame), by id, as the generate-image node names them. */
import { offlineAccess, type RemoteAccess } from '../engine'
import { createFalFlux } from './fal/flux'
import type { ImageProvider } from './image'
import { storyboard } from './local/storyboard'

export const IMAGE_PROVIDER_IDS = ['storyboard', 'fal-flux'] as const satisfies readonly string[]
export type ImageProviderId = (typeof IMAGE_PROVIDER_IDS)[number]

const imageProviders: Readonly<Record<ImageProviderId, (remote: RemoteAccess) => ImageProvider>> = {
  storyboard: () => storyboard,
  'fal-flux': createFalFlux,
}

export function imageProviderFor(id: ImageProviderId, remote: RemoteAccess = offlineAccess()): ImageProvider {
  return imageProviders[id](remote)
}

export function isImageProviderId(id: string): id is ImageProviderId {
  return (IMAGE_PROVIDER_IDS as readonly string[]).includes(id)
}
