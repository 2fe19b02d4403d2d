/*
 * Lanczos on several cores: a plane's output columns split into bands, each resampled by a worker
 * over the frame's SharedArrayBuffers (no copies between threads). Only where the page is
 * cross-origin isolated (the app and the runner serve COOP/COEP), so SharedArrayBuffer exists;
 * elsewhere `planeWorkers` gives undefined and the caller resamples on its own thread.
 */
import type { Plane } from './lanczos'
import type { PlaneBand } from './plane-worker'

export interface PlaneWorkers {
  /** Resamples `source` into `into` (both over SharedArrayBuffers), one band per worker. */
  resample(source: Plane, into: Uint8Array, toWidth: number, toHeight: number): Promise<void>
  close(): void
}

/** Workers beside the page's own thread, which scales the chroma meanwhile; at most 4. */
export function planeWorkers(): PlaneWorkers | undefined {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated || cores < 2) return undefined
  const workers = Array.from({ length: Math.min(4, cores) }, () => new Worker(new URL('./plane-worker.ts', import.meta.url), { type: 'module' }))
  const band = (worker: Worker, job: PlaneBand) =>
    new Promise<void>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<{ done: boolean; error?: string }>) =>
        event.data.done ? resolve() : reject(new Error(`resampling failed in a worker: ${event.data.error}`))
      worker.onerror = (event) => reject(new Error(`the resampling worker failed: ${event.message}`))
      worker.postMessage(job)
    })
  return {
    async resample(source, into, toWidth, toHeight) {
      const width = Math.ceil(toWidth / workers.length)
      await Promise.all(
        workers.map((worker, index) =>
          band(worker, { source, into, toWidth, toHeight, fromColumn: index * width, toColumn: Math.min(toWidth, (index + 1) * width) }),
        ),
      )
    },
    close() {
      for (const worker of workers) worker.terminate()
    },
  }
}
