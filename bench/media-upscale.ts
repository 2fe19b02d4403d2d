/**
 * The upscale benchmark's page side: Lanczos 1080p → 2160p + H.264 encode through the same streaming
 * render the upscale node uses. bench/media-upscale-run.ts serves the clip and reads the figure.
 */
import { BufferTarget, Mp4OutputFormat, Output, Quality, VideoSample, VideoSampleSource } from 'mediabunny'
import { renderClip } from '../src/media/video/render'
import { lanczosWasm } from '../src/media/wasm/lanczos-wasm'
import { compiledKernel } from '../src/media/wasm/kernels'

declare global {
  interface Window {
    reelgraphUpscaleBench: {
      run(clipUrl: string): Promise<{ seconds: number; resampleSeconds: number; cores: number; isolated: boolean; simd: boolean }>
      /** A 2160p clip decoded and encoded again, nothing resampled: what the 4K decode and encode cost alone. */
      transcode(clipUrl: string): Promise<{ seconds: number }>
      /**
       * Raw 2160p I420 frames (ffmpeg's Lanczos of the clip) encoded to H.264 as a render encodes them
       * (mediabunny's encoder at its high quality, the default): what the 4K encode costs alone.
       */
      encode(width: number, height: number, fps: number): Promise<{ seconds: number; frames: number; bytes: number }>
      /** Fetches the raw frames `encode` takes, apart, so the encode's CPU time leaves out their download. */
      loadFrames(framesUrl: string): Promise<void>
    }
  }
}

let rawFrames = new Uint8Array(0)

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
  async loadFrames(framesUrl) {
    rawFrames = new Uint8Array(await (await fetch(framesUrl)).arrayBuffer())
  },
  async encode(width, height, fps) {
    const raw = rawFrames
    const frameBytes = (width * height * 3) / 2
    const frames = Math.floor(raw.length / frameBytes)
    const target = new BufferTarget()
    const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target })
    const source = new VideoSampleSource({ codec: 'avc', quality: new Quality('high') })
    output.addVideoTrack(source, { frameRate: fps })
    await output.start()
    const started = performance.now()
    for (let index = 0; index < frames; index++) {
      const pixels = raw.subarray(index * frameBytes, (index + 1) * frameBytes)
      const frame = new VideoFrame(pixels, { format: 'I420', codedWidth: width, codedHeight: height, timestamp: Math.round((index * 1e6) / fps), duration: Math.round(1e6 / fps) })
      const sample = new VideoSample(frame)
      await source.add(sample)
      sample.close()
    }
    await output.finalize()
    rawFrames = new Uint8Array(0)
    return { seconds: (performance.now() - started) / 1000, frames, bytes: target.buffer?.byteLength ?? 0 }
  },
}
