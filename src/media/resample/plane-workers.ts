/*
 * Lanczos on several cores: a plane's output columns split into bands, each resampled by a worker
 * over the frame's SharedArrayBuffers (no copies between threads).
 */
import { sharedWorkerPool } from '../workers/pool'
import type { Plane } from './lanczos'
import type { PlaneBand } from './plane-worker'

export interface PlaneWorkers {
  readonly size: number
  /**
   * Resamples output columns `0` to `toColumn` of `source` into `into` (both over SharedArrayBuffers),
   * one band per worker; the caller scales the columns past `toColumn` itself.
   */
  resample(source: Plane, into: Uint8Array, toWidth: number, toHeight: number, toColumn: number): Promise<void>
  close(): void
}

/** Up to 4 workers (one fewer than the cores) beside the page's own thread; undefined where workers cannot share memory. */
export function planeWorkers(): PlaneWorkers | undefined {
  const pool = sharedWorkerPool(() => new Worker(new URL('./plane-worker.ts', import.meta.url), { type: 'module' }), 4)
  if (!pool) return undefined
  return {
    size: pool.size,
    async resample(source, into, toWidth, toHeight, toColumn) {
      const width = Math.ceil(toColumn / pool.size)
      const bands = Array.from({ length: pool.size }, (_, index) => {
        const band: PlaneBand = { source, into, toWidth, toHeight, fromColumn: index * width, toColumn: Math.min(toColumn, (index + 1) * width) }
        return pool.run(index, band)
      })
      await Promise.all(bands)
    },
    close: () => pool.close(),
  }
}

/**
 * The output columns of the luma the page keeps for itself beside the 4:2:0 chroma, so that it and
 * `workers` workers finish a frame together: the chroma is half the luma's work (two planes of a
 * quarter of its samples each), so with one worker the page takes a quarter of the luma, and with
 * two or more none. Keeping all the luma in one worker beside a page that only scales the chroma
 * left a core idle for a third of every frame.
 */
export function pageLumaColumns(toWidth: number, workers: number): number {
  const share = Math.max(0, 1.5 / (workers + 1) - 0.5)
  // A multiple of 8 columns: the WebAssembly kernels write eight samples an instruction.
  return 8 * Math.round((toWidth * share) / 8)
}
