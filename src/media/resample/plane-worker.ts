/*
 * A worker that resamples a band of columns of one plane, reading and writing the frame's shared
 * buffers, so a large frame is scaled on several cores at once (see plane-workers.ts).
 */
import { lanczosPlaneResampler, type Plane } from './lanczos'

export interface PlaneBand {
  source: Plane
  into: Uint8Array
  toWidth: number
  toHeight: number
  fromColumn: number
  toColumn: number
}

const resamplers = new Map<string, ReturnType<typeof lanczosPlaneResampler>>()

self.onmessage = (event: MessageEvent<PlaneBand>) => {
  const { source, into, toWidth, toHeight, fromColumn, toColumn } = event.data
  const key = `${source.width}x${source.height}>${toWidth}x${toHeight}`
  let resample = resamplers.get(key)
  if (!resample) resamplers.set(key, (resample = lanczosPlaneResampler(source.width, source.height, toWidth, toHeight)))
  try {
    resample(source, into, fromColumn, toColumn)
    self.postMessage({ done: true })
  } catch (error) {
    self.postMessage({ done: false, error: error instanceof Error ? error.message : String(error) })
  }
}
