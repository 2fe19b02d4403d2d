/*
 * Runs ESRGAN through UpscalerJS on TensorFlow.js's WASM backend, off the page's main thread. The
 * picture is upscaled one tile at a time (tiles.ts), each reported to the page as it is done, so a
 * long job shows progress; the page cancels by ending the worker.
 *
 * The WASM binaries are bundled by Vite (`?url`) and the model files copied into the build
 * (vite.config.ts), so everything is fetched from the app's own origin. With cross-origin isolation
 * (the app's server sends COOP/COEP) the backend runs SIMD code on as many threads as the machine
 * has cores; without it, single-threaded.
 */
import * as tf from '@tensorflow/tfjs'
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'
import { x2, x4 } from '@upscalerjs/esrgan-slim'
import Upscaler from 'upscaler'
import type { BackendFacts, UpscaleRequest, WorkerReply } from './esrgan-protocol'
import { ESRGAN_MODELS, ESRGAN_TILE_MARGIN, ESRGAN_TILE_SIZE, type EsrganScale } from './models'
import { readSize, readTileRgb, tilesFor, writeTileRgb } from './tiles'

const definitions = { 2: x2, 4: x4 } as const

let backend: Promise<BackendFacts> | undefined
const upscalers = new Map<EsrganScale, InstanceType<typeof Upscaler>>()

function startBackend(): Promise<BackendFacts> {
  backend ??= (async () => {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': plainWasm,
      'tfjs-backend-wasm-simd.wasm': simdWasm,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm,
    })
    // The backend allows itself half of navigator.hardwareConcurrency, taking every core for two
    // hyper-threads: on a 2-core machine that is one thread. Here it is told the cores it may use.
    const cores = navigator.hardwareConcurrency
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores * 2 })
    setThreadsCount(cores)
    if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js could not start its WASM backend in this browser')
    await tf.ready()
    return {
      backend: tf.getBackend(),
      simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
      // The flags the backend chose its binary by (threaded SIMD only when both hold).
      multithreaded: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
      threads: getThreadsCount(),
    }
  })()
  return backend
}

async function upscalerFor(scale: EsrganScale): Promise<InstanceType<typeof Upscaler>> {
  let upscaler = upscalers.get(scale)
  if (!upscaler) {
    const model = ESRGAN_MODELS[scale]
    const path = new URL(`${import.meta.env.BASE_URL}${model.servedFolder}/model.json`, self.location.href).href
    upscaler = new Upscaler({ model: { ...definitions[scale], path } })
    try {
      await upscaler.ready
    } catch (error) {
      throw new Error(`the ESRGAN ×${scale} model could not be loaded from ${path}: ${messageOf(error)}`, { cause: error })
    }
    upscalers.set(scale, upscaler)
  }
  return upscaler
}

async function upscale(request: UpscaleRequest): Promise<void> {
  const { id, scale, width, height } = request
  const facts = await startBackend()
  const upscaler = await upscalerFor(scale)
  const pixels = new Uint8Array(request.pixels)
  const tiles = tilesFor(width, height, ESRGAN_TILE_SIZE, ESRGAN_TILE_MARGIN)
  reply({ type: 'started', id, facts, tiles: tiles.length })
  const upscaled = new Uint8Array(width * scale * height * scale * 4)
  for (const [index, tile] of tiles.entries()) {
    const read = readSize(tile)
    const input = tf.tensor3d(readTileRgb(pixels, width, height, tile), [read.height, read.width, 3])
    try {
      const output = (await upscaler.execute(input, { output: 'tensor' })) as tf.Tensor3D
      try {
        // Reading the result back is also where the page's messages get their turn.
        writeTileRgb(await output.data<'float32'>(), tile, scale, upscaled, width * scale)
      } finally {
        output.dispose()
      }
    } finally {
      input.dispose()
    }
    reply({ type: 'tile', id, done: index + 1, total: tiles.length })
  }
  reply({ type: 'done', id, pixels: upscaled.buffer }, [upscaled.buffer])
}

function reply(message: WorkerReply, transfer: Transferable[] = []): void {
  // A worker's postMessage, which the DOM typings know by the window's options form.
  self.postMessage(message, { transfer })
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message)
  return String(error)
}

self.addEventListener('message', (event: MessageEvent<UpscaleRequest>) => {
  const request = event.data
  upscale(request).catch((error: unknown) => reply({ type: 'error', id: request.id, message: messageOf(error) }))
})
