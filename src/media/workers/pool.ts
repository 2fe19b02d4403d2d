/*
 * A few module workers that share a frame's buffers with the page (SharedArrayBuffer), for per-frame
 * work split into bands. Only where the page is cross-origin isolated (the app and the runner serve
 * COOP/COEP) and has a core to spare; elsewhere `sharedWorkerPool` gives undefined and the caller
 * works on its own thread. A worker answers each job with `{ done, error? }`.
 */
export interface SharedWorkerPool {
  readonly size: number
  /** Sends a job to worker `index` and resolves when it answers. */
  run(index: number, job: unknown): Promise<void>
  /** Sends a message every worker keeps (a table, say); no answer is awaited. */
  tell(message: unknown): void
  close(): void
}

export function sharedWorkerPool(makeWorker: () => Worker, most: number): SharedWorkerPool | undefined {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated || cores < 2) return undefined
  const workers = Array.from({ length: Math.min(most, cores) }, makeWorker)
  return {
    size: workers.length,
    run: (index, job) =>
      new Promise<void>((resolve, reject) => {
        const worker = workers[index]
        if (!worker) return reject(new Error(`there is no worker ${index}`))
        worker.onmessage = (event: MessageEvent<{ done: boolean; error?: string }>) =>
          event.data.done ? resolve() : reject(new Error(`a worker failed: ${event.data.error}`))
        worker.onerror = (event) => reject(new Error(`a worker failed: ${event.message}`))
        worker.postMessage(job)
      }),
    tell: (message) => workers.forEach((worker) => worker.postMessage(message)),
    close: () => workers.forEach((worker) => worker.terminate()),
  }
}
