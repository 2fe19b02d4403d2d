/** The shapes a reference can be cropped to: the shot's aspect, or left as it is. */
export const REFERENCE_ASPECTS = ['16:9', '9:16', '1:1', 'none'] as const
export type ReferenceAspect = (typeof REFERENCE_ASPECTS)[number]

export interface CropRect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * The largest centred rectangle of the image in the asked aspect, in whole pixels; the whole image
 * for `none`, or when it already has that aspect to within a pixel.
 */
export function cropRect(width: number, height: number, aspect: ReferenceAspect): CropRect {
  const whole = { x: 0, y: 0, width, height }
  if (aspect === 'none') return whole
  const [across, down] = aspect.split(':').map(Number) as [number, number]
  const cropWidth = Math.min(width, Math.round((height * across) / down))
  const cropHeight = Math.min(height, Math.round((width * down) / across))
  if (width - cropWidth <= 1 && height - cropHeight <= 1) return whole
  return { x: Math.floor((width - cropWidth) / 2), y: Math.floor((height - cropHeight) / 2), width: cropWidth, height: cropHeight }
}
