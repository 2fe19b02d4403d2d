/** The messages between the page and the ESRGAN worker (esrgan.worker.ts). */
import type { EsrganScale } from './models'

export interface UpscaleRequest {
  type: 'upscale'
  id: number
  scale: EsrganScale
  width: number
  height: number
  /** RGBA, row after row; transferred to the worker. */
  pixels: ArrayBuffer
}

/** How the model runs on this machine, said once per job so the node can log it. */
export interface BackendFacts {
  backend: string
  simd: boolean
  /** Whether the browser runs WASM threads: with `simd`, the backend loaded its threaded SIMD binary. */
  multithreaded: boolean
  threads: number
}

export type WorkerReply =
  | { type: 'started'; id: number; facts: BackendFacts; tiles: number }
  | { type: 'tile'; id: number; done: number; total: number }
  /** RGBA at `scale` times the size, transferred back. */
  | { type: 'done'; id: number; pixels: ArrayBuffer }
  | { type: 'error'; id: number; message: string }
