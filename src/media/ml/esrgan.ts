/*
 * ESRGAN upscaling for the page: hands a picture to the worker (esrgan.worker.ts), which runs the
 * model tile by tile, and reports each tile as it is done. One worker serves every job, one job at a
 * time, so the model is loaded once and stays warm from one frame of a clip to the next. Cancel ends
 * the worker at once, mid-tile; the next job starts a fresh one.
 */
import type { BackendFacts, UpscaleRequest, WorkerReply } from './esrgan-protocol'
import type { EsrganScale } from './models'

export type { BackendFacts } from './esrgan-protocol'

export interface EsrganPicture {
  /** RGBA, row after row; read, not changed. */
  pixels: Uint8Array | Uint8ClampedArray
  width: number
  height: number
}

export interface EsrganJob {
  picture: EsrganPicture
  scale: EsrganScale
  signal: AbortSignal
  /** Once the model is loaded and the picture cut into `tiles` tiles. */
  onStart?: (facts: BackendFacts, tiles: number) => void
  onTile?: (done: number, total: number) => void
}

let worker: Worker | undefined
let lastJobId = 0
/** Jobs wait for the one before them: the worker runs one picture at a time. */
let queue: Promise<unknown> = Promise.resolve()

/** The picture `scale` times larger, RGBA, fully opaque. */
export function upscaleWithEsrgan(job: EsrganJob): Promise<Uint8Array> {
  const result = queue.then(() => runJob(job))
  queue = result.catch(() => undefined)
  return result
}

function runJob({ picture, scale, signal, onStart, onTile }: EsrganJob): Promise<Uint8Array> {
  signal.throwIfAborted()
  const id = ++lastJobId
  const current = (worker ??= new Worker(new URL('./esrgan.worker.ts', import.meta.url), { type: 'module', name: 'esrgan' }))
  return new Promise<Uint8Array>((resolve, reject) => {
    const finish = () => {
      current.removeEventListener('message', listen)
      current.removeEventListener('error', failed)
      signal.removeEventListener('abort', cancel)
    }
    const listen = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data
      if (reply.id !== id) return
      if (reply.type === 'started') onStart?.(reply.facts, reply.tiles)
      else if (reply.type === 'tile') onTile?.(reply.done, reply.total)
      else {
        finish()
        if (reply.type === 'done') resolve(new Uint8Array(reply.pixels))
        else reject(new Error(`ESRGAN failed: ${reply.message}`))
      }
    }
    const failed = (event: ErrorEvent) => {
      finish()
      endWorker(current)
      reject(new Error(`the ESRGAN worker stopped: ${event.message || 'it could not be loaded'}`))
    }
    const cancel = () => {
      finish()
      endWorker(current)
      reject(signal.reason)
    }
    current.addEventListener('message', listen)
    current.addEventListener('error', failed)
    signal.addEventListener('abort', cancel, { once: true })
    // A copy goes to the worker: a clip's frame buffer is reused by the reader for the next frame.
    const pixels = picture.pixels.slice().buffer
    const request: UpscaleRequest = { type: 'upscale', id, scale, width: picture.width, height: picture.height, pixels }
    current.postMessage(request, [pixels])
  })
}

function endWorker(ended: Worker): void {
  ended.terminate()
  if (worker === ended) worker = undefined
}
