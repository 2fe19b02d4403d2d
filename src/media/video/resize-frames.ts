/*
 * Decoded frames brought to a new size with Lanczos, each the cheapest way its format allows: an
 * 8-bit 4:2:0 frame (I420 or NV12) is scaled a plane at a time, as ffmpeg's `scale` does, and goes
 * to the encoder as I420 in its own color space; any other frame is read back as RGBA and scaled in
 * RGB. The plane road moves 1.5 bytes a pixel where RGBA moves 4, and spares the encoder turning a
 * large RGBA frame back into 4:2:0.
 */
import type { VideoSample } from 'mediabunny'
import { lanczosPlaneResampler, lanczosTo, type Plane } from '../resample/lanczos'
import { pageLumaColumns, planeWorkers } from '../resample/plane-workers'
import type { FrameResize } from './render'
import { rgbaReader, UNTAGGED_COLOR_SPACE } from './rgba'

type PlaneResampler = ReturnType<typeof lanczosPlaneResampler>

/**
 * The resize stage of a render; `close` lets its workers go. A crop is read out of the decoded
 * frame by WebCodecs' own copy, so the pixels outside it are never scaled.
 */
export function frameResizer({ width, height, crop }: Pick<FrameResize, 'width' | 'height' | 'crop'>, untagged: boolean): { process: (sample: VideoSample) => Promise<VideoFrame>; close(): void } {
  const readRgba = rgbaReader(untagged, crop)
  // With workers, the luma (two thirds of the work) is scaled on other cores while this thread
  // scales the chroma and, with one worker, a band of the luma; the frame's buffers are then shared,
  // not copied, between them.
  const workers = planeWorkers()
  const pageColumns = workers ? pageLumaColumns(width, workers.size) : width
  const buffer = (bytes: number) => new Uint8Array(workers ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
  const resampleRgba = lanczosTo(width, height)
  const chromaWidth = (width + 1) >> 1
  const chromaHeight = (height + 1) >> 1
  const resized = buffer(width * height + 2 * chromaWidth * chromaHeight)
  const luma = resized.subarray(0, width * height)
  const blue = resized.subarray(width * height, width * height + chromaWidth * chromaHeight)
  const red = resized.subarray(width * height + chromaWidth * chromaHeight)
  let planes: Uint8Array = new Uint8Array(0)
  // Made again only when the source size changes: a clip's frames share them.
  let source = { width: 0, height: 0 }
  let resampleLuma: PlaneResampler | undefined
  let resampleChroma: PlaneResampler | undefined

  const timing = (sample: VideoSample) => ({ timestamp: sample.microsecondTimestamp, duration: sample.microsecondDuration })

  const process = async (sample: VideoSample) => {
    if (sample.format !== 'I420' && sample.format !== 'NV12') {
      const frame = await readRgba(sample)
      return new VideoFrame(resampleRgba(frame), { format: 'RGBA', codedWidth: width, codedHeight: height, ...timing(sample) })
    }
    const { width: fromWidth, height: fromHeight } = crop ?? sample.visibleRect
    if (!resampleChroma || fromWidth !== source.width || fromHeight !== source.height) {
      source = { width: fromWidth, height: fromHeight }
      // The luma's tables live in the workers when they take all of it.
      resampleLuma = pageColumns > 0 ? lanczosPlaneResampler(fromWidth, fromHeight, width, height) : undefined
      resampleChroma = lanczosPlaneResampler((fromWidth + 1) >> 1, (fromHeight + 1) >> 1, chromaWidth, chromaHeight)
    }
    const region = crop ? { rect: crop } : {}
    const size = sample.allocationSize(region)
    if (planes.length !== size) planes = buffer(size)
    const [lumaLayout, firstChroma, secondChroma] = await sample.copyTo(planes, region)
    if (!lumaLayout || !firstChroma) throw new Error(`a ${sample.format} frame came without its planes`)
    const plane = (layout: PlaneLayout, planeWidth: number, planeHeight: number, step: number, shift = 0): Plane => ({
      data: planes,
      offset: layout.offset + shift,
      stride: layout.stride,
      step,
      width: planeWidth,
      height: planeHeight,
    })
    const sourceChromaWidth = (fromWidth + 1) >> 1
    const sourceChromaHeight = (fromHeight + 1) >> 1
    const workersTo = width - pageColumns
    const lumaDone = workers?.resample(plane(lumaLayout, fromWidth, fromHeight, 1), luma, width, height, workersTo)
    if (sample.format === 'NV12') {
      resampleChroma(plane(firstChroma, sourceChromaWidth, sourceChromaHeight, 2), blue)
      resampleChroma(plane(firstChroma, sourceChromaWidth, sourceChromaHeight, 2, 1), red)
    } else {
      if (!secondChroma) throw new Error('an I420 frame came without its third plane')
      resampleChroma(plane(firstChroma, sourceChromaWidth, sourceChromaHeight, 1), blue)
      resampleChroma(plane(secondChroma, sourceChromaWidth, sourceChromaHeight, 1), red)
    }
    resampleLuma?.(plane(lumaLayout, fromWidth, fromHeight, 1), luma, workersTo, width)
    // A worker that could not start (the page went offline after loading): its columns are scaled here.
    await lumaDone?.catch(() => {
      resampleLuma ??= lanczosPlaneResampler(fromWidth, fromHeight, width, height)
      resampleLuma(plane(lumaLayout, fromWidth, fromHeight, 1), luma, 0, workersTo)
    })
    return new VideoFrame(resized, {
      format: 'I420',
      codedWidth: width,
      codedHeight: height,
      ...timing(sample),
      colorSpace: untagged ? UNTAGGED_COLOR_SPACE : sample.colorSpace.toJSON(),
    })
  }
  return { process, close: () => workers?.close() }
}
