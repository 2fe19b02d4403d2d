/*
 * ESRGAN for the upscale node: the model (src/media/ml) makes the picture 2 or 4 times larger, the
 * least that reaches the size asked for, and Lanczos takes it the rest of the way when the size is
 * not an exact multiple (a box such as 3840×2160, or a clip's sides rounded to even numbers). A box
 * no larger than the picture is left to Lanczos alone.
 */
import { upscaleWithEsrgan, type BackendFacts } from '../../src/media/ml/esrgan'
import { esrganScaleFor } from '../../src/media/ml/models'
import { lanczosTo, type RgbaPicture } from '../../src/media/resample/lanczos'
import type { FrameSize } from './size'

export interface EsrganProgress {
  signal: AbortSignal
  onStart?: (facts: BackendFacts, tiles: number) => void
  onTile?: (done: number, total: number) => void
}

/** Upscales pictures, one after another, to `size` with ESRGAN; the result's buffer is reused. */
export function esrganTo(size: FrameSize, progress: EsrganProgress): (picture: RgbaPicture) => Promise<Uint8Array> {
  const finish = lanczosTo(size.width, size.height)
  return async (picture) => {
    const factor = Math.max(size.width / picture.width, size.height / picture.height)
    // A box no larger than the picture asks for no new detail: the model would only cost time.
    if (factor <= 1) return finish(picture)
    const scale = esrganScaleFor(factor)
    const upscaled = await upscaleWithEsrgan({ picture, scale, ...progress })
    const made = { pixels: upscaled, width: picture.width * scale, height: picture.height * scale }
    if (made.width === size.width && made.height === size.height) return upscaled
    return finish(made)
  }
}

/** How the model runs here, in words for the node's log. */
export function describeBackend({ backend, simd, threads }: BackendFacts): string {
  return `${backend.toUpperCase()}${simd ? ' with SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}`
}
