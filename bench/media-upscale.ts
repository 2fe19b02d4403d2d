/**
 * The upscale benchmark's page side: Lanczos 1080p → 2160p + H.264 encode through the same streaming
 * render the upscale node uses. bench/media-upscale-run.ts serves the clip and reads the figure.
 */
import { renderClip } from '../src/media/video/render'
import { lanczosWasm } from '../src/media/wasm/lanczos-wasm'
import { compiledKernel } from '../src/media/wasm/kernels'

declare global {
  interface Window {
    reelgraphUpscaleBench: {
      run(clipUrl: string): Promise<{ seconds: number; resampleSeconds: number; cores: number; isolated: boolean; simd: boolean }>
      /** A 2160p clip decoded and encoded again, nothing resampled: what the 4K decode and encode cost alone. */
      transcode(clipUrl: string): Promise<{ seconds: number }>
    }
  }
}

window.reelgraphUpscaleBench = {
  async run(clipUrl) {
    const clip = await (await fetch(clipUrl)).blob()
    let resampleMs = 0
    const started = performance.now()
    await renderClip(clip, {
      settings: { container: 'mp4' },
      resize: { width: 3840, height: 2160 },
      onFrame: (stageMs) => (resampleMs += stageMs),
    })
    return {
      seconds: (performance.now() - started) / 1000,
      resampleSeconds: resampleMs / 1000,
      cores: navigator.hardwareConcurrency,
      // Workers share the frame only where SharedArrayBuffer exists (see plane-workers.ts).
      isolated: crossOriginIsolated,
      // Lanczos runs in WebAssembly SIMD where the engine has it (see lanczos-simd.ts).
      simd: compiledKernel(lanczosWasm) !== undefined,
    }
  },
  async transcode(clipUrl) {
    const clip = await (await fetch(clipUrl)).blob()
    const started = performance.now()
    await renderClip(clip, { settings: { container: 'mp4' }, reencode: true })
    return { seconds: (performance.now() - started) / 1000 }
  },
}
