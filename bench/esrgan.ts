/**
 * The ESRGAN benchmark's page side: one 256×256 tile ×2 through the same worker the upscale node
 * uses, timed after a first run that loads the model and warms the backend up.
 * bench/esrgan-run.ts builds the page and reads the figures.
 */
import { upscaleWithEsrgan, type BackendFacts } from '../src/media/ml/esrgan'
import { ESRGAN_TILE_SIZE } from '../src/media/ml/models'

declare global {
  interface Window {
    reelgraphEsrganBench: { run(repeats: number): Promise<{ facts: BackendFacts; loadMs: number; tileMs: number[]; isolated: boolean }> }
  }
}

/** A tile with edges, gradients and fine detail, so the network does real work everywhere. */
function testTile(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4
      pixels[at] = (x * 255) / size
      pixels[at + 1] = ((x ^ y) & 16) === 0 ? 220 : 40
      pixels[at + 2] = 128 + 127 * Math.sin((x * y) / 300)
      pixels[at + 3] = 255
    }
  }
  return pixels
}

window.reelgraphEsrganBench = {
  async run(repeats) {
    const picture = { pixels: testTile(ESRGAN_TILE_SIZE), width: ESRGAN_TILE_SIZE, height: ESRGAN_TILE_SIZE }
    const signal = new AbortController().signal
    let facts: BackendFacts | undefined
    const loadStarted = performance.now()
    await upscaleWithEsrgan({ picture, scale: 2, signal, onStart: (backend) => (facts = backend) })
    const loadMs = performance.now() - loadStarted
    const tileMs: number[] = []
    for (let repeat = 0; repeat < repeats; repeat++) {
      const started = performance.now()
      await upscaleWithEsrgan({ picture, scale: 2, signal })
      tileMs.push(performance.now() - started)
    }
    if (!facts) throw new Error('the ESRGAN worker never said how it runs')
    return { facts, loadMs, tileMs, isolated: crossOriginIsolated }
  },
}
