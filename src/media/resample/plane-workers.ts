/*
 * Lanczos on several cores: a plane's output columns split into bands, each resampled by a worker
 * over the frame's SharedArrayBuffers (no copies between threads).
 */
import { sharedWorkerPool } from '../workers/pool'
import type { Plane } from './lanczos'
import type { PlaneBand } from './plane-worker'

export interface PlaneWorkers {
  /** Resamples `source` into `into` (both over SharedArrayBuffers), one band per worker. */
  resample(source: Plane, into: Uint8Array, toWidth: number, toHeight: number): Promise<void>
  close(): void
}

/** Up to 4 workers (one fewer than the cores) beside the page's own thread, which scales the chroma meanwhile; undefined where workers cannot share memory. */
export function planeWorkers(): PlaneWorkers | undefined {
  const pool = sharedWorkerPool(() => new Worker(new URL('./plane-worker.ts', import.meta.url), { type: 'module' }), 4)
  if (!pool) return undefined
  return {
    async resample(source, into, toWidth, toHeight) {
      const width = Math.ceil(toWidth / pool.size)
      const bands = Array.from({ length: pool.size }, (_, index) => {
        const band: PlaneBand = { source, into, toWidth, toHeight, fromColumn: index * width, toColumn: Math.min(toWidth, (index + 1) * width) }
        return pool.run(index, band)
      })
      await Promise.all(bands)
    },
    close: () => pool.close(),
  }
}
