/*
 * A few module workers that share a frame's buffers with the page (SharedArrayBuffer), for per-frame
 * work split into bands. Only where the page is cross-origin isolated (the app and the runner serve
 * COOP/COEP) and has a core to spare; elsewhere `sharedWorkerPool` gives undefined and the caller
 * works on its own thread. A worker answers each job with `{ done, error? }`.
 */
export interface SharedWorkerPool {
  readonly size: number
  /**
   * Sends a job to worker `index` and resolves when it answers. A worker that could not start (its
   * script did not load: the page went offline, say) does the job with `onPage` instead, if given.
   */
  run(index: number, job: unknown, onPage?: () => void): Promise<void>
  /** Sends a message every worker keeps (a table, say); no answer is awaited. */
  tell(message: unknown): void
  close(): void
}

/**
 * At most `most` workers, and one fewer than the cores: the page works on a share of the job too,
 * and a thread more than the cores only takes turns with the others and the video encoder's own.
 */
export function sharedWorkerPool(makeWorker: () => Worker, most: number): SharedWorkerPool | undefined {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated || cores < 2) return undefined
  const workers = Array.from({ length: Math.min(most, cores - 1) }, makeWorker)
  // A script that fails to load says so once, maybe before any job is sent: remembered here, so no
  // job waits forever on a worker that never started.
  const failed = new Set<Worker>()
  for (const worker of workers) worker.addEventListener('error', () => failed.add(worker))
  return {
    size: workers.length,
    run: (index, job, onPage) =>
      new Promise<void>((resolve, reject) => {
        const worker = workers[index]
        if (!worker) return reject(new Error(`there is no worker ${index}`))
        if (failed.has(worker)) {
          if (!onPage) return reject(new Error('a worker could not start'))
          onPage()
          return resolve()
        }
        worker.onmessage = (event: MessageEvent<{ done: boolean; error?: string }>) =>
          event.data.done ? resolve() : reject(new Error(`a worker failed: ${event.data.error}`))
        worker.onerror = (event) => {
          failed.add(worker)
          if (!onPage) return reject(new Error(`a worker failed: ${event.message}`))
          onPage()
          resolve()
        }
        worker.postMessage(job)
      }),
    tell: (message) => workers.forEach((worker) => worker.postMessage(message)),
    close: () => workers.forEach((worker) => worker.terminate()),
  }
}
