/**
 * Stills as 8-bit sRGB RGBA pixels: decoded once on an OffscreenCanvas, and written back as PNG
 * (lossless, so a chain of image nodes loses nothing between them).
 */
export interface Still {
  width: number
  height: number
  pixels: Uint8ClampedArray
}

/** Decodes an image file; `mime` names it in the error when the browser cannot. */
export async function readStill(source: Blob, mime: string = source.type): Promise<Still> {
  const bitmap = await createImageBitmap(source).catch(() => {
    throw new Error(`cannot decode the image (${mime}); use PNG, JPEG or WebP`)
  })
  const { width, height } = bitmap
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true })
  if (!context) throw new Error('this browser gives no 2D canvas to work on')
  context.drawImage(bitmap, 0, 0)
  bitmap.close()
  return { width, height, pixels: context.getImageData(0, 0, width, height, { colorSpace: 'srgb' }).data }
}

export function writePng({ width, height, pixels }: Still): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')
  if (!context) throw new Error('this browser gives no 2D canvas to work on')
  context.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, width, height, { colorSpace: 'srgb' }), 0, 0)
  return canvas.convertToBlob({ type: 'image/png' })
}
