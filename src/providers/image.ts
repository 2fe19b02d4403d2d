/*
 * Back ends that make a still — a storyboard frame — from a shot's prompt and its reference images.
 * A still is a job like a take (`JobBackEnd`): a cloud one is recorded before its first poll and
 * paid once; a local one draws on this machine.
 */
import type { AssetAccess, AssetRef } from '../engine'
import { frameSize, referenceRefusal, type Aspect, type JobBackEnd, type ReferenceImage, type ShotPrompt } from './provider'

export interface ImageRequest {
  prompt: ShotPrompt
  references: ReferenceImage[]
  aspect: Aspect
  /** The short side, as for a take: 720 is 1280×720 in 16:9. */
  height: number
  seed: number
}

export interface ImageCapabilities {
  aspects: readonly Aspect[]
  heights: readonly number[]
  maxReferenceImages: number
}

/** A finished still: the bytes to store and its size. */
export interface GeneratedImage {
  image: Blob
  width: number
  height: number
}

export interface ImageProvider extends JobBackEnd<ImageRequest, GeneratedImage> {
  capabilities: ImageCapabilities
}

/** Why a back end cannot make this still, or undefined when it can. */
export function checkImageRequest(request: ImageRequest, capabilities: ImageCapabilities): string | undefined {
  const { aspects, heights } = capabilities
  if (!aspects.includes(request.aspect)) return `this provider does not make ${request.aspect} (it makes ${aspects.join(', ')})`
  if (!heights.includes(request.height)) return `this provider does not make ${request.height}p (it makes ${heights.map((h) => `${h}p`).join(', ')})`
  return referenceRefusal(request.references.length, capabilities)
}

/** The pixel size a still is asked for. */
export function stillSize(request: Pick<ImageRequest, 'aspect' | 'height'>): { width: number; height: number } {
  return frameSize(request.aspect, request.height)
}

/** Stores a still as an image asset, with its own size over what the caller knows of it. */
export function storeImage(assets: AssetAccess, still: GeneratedImage, meta: Record<string, unknown>): Promise<AssetRef> {
  return assets.put(still.image, { kind: 'image', mime: still.image.type || 'image/png', meta: { ...meta, width: still.width, height: still.height } })
}
