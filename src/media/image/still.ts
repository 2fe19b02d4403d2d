/** The still formats a browser decodes, as a file picker's `accept` names them. */
export const acceptedImageTypes = 'image/png,image/jpeg,image/webp,image/gif,image/avif,image/bmp'

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

/** The part of a still inside a rectangle (whole pixels, inside the still), as a still of its own. */
export function cropStill(still: Still, rect: { x: number; y: number; width: number; height: number }): Still {
  const { x, y, width, height } = rect
  if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > still.width || y + height > still.height) {
    throw new Error(`cannot crop ${width}×${height} at ${x},${y} out of a ${still.width}×${still.height} image`)
  }
  const pixels = new Uint8ClampedArray(width * height * 4)
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * still.width + x) * 4
    pixels.set(still.pixels.subarray(from, from + width * 4), row * width * 4)
  }
  return { width, height, pixels }
}
