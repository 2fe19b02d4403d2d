/**
 * The one-pass chain benchmark's page side (issue 15, item 6): grade → Lanczos ×2 → export as the
 * nodes run it (each pixel node encoding H.264, export copying the packets), beside one pass of ours
 * (the grade and the resize in one render, encoded once). bench/one-pass-run.ts serves the clip,
 * times ffmpeg and measures the PSNR of both against ffmpeg's.
 */
import { parseCube } from '../src/media/color/cube'
import { renderClip } from '../src/media/video/render'

declare global {
  interface Window {
    reelgraphOnePassBench: {
      /** Seconds of the chain as the nodes run it; its file is kept for `read`. */
      chain(clipUrl: string, cube: string, width: number, height: number): Promise<number>
      /** Seconds of one pass: decode, grade, resize, encode; its file is kept for `read`. */
      onePass(clipUrl: string, cube: string, width: number, height: number): Promise<number>
      /** A slice of a kept file as base64, for ffmpeg to measure. */
      read(which: Made, offset: number, length: number): Promise<string>
      size(which: Made): number
    }
  }
}

type Made = 'chain' | 'onePass'
const made: Partial<Record<Made, Blob>> = {}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

window.reelgraphOnePassBench = {
  async chain(clipUrl, cube, width, height) {
    const clip = await (await fetch(clipUrl)).blob()
    const lut = parseCube(cube)
    return timed(async () => {
      // color-grade, upscale and export, each as its node calls the render.
      const graded = await renderClip(clip, { settings: { container: 'mp4' }, grade: { lut } })
      const upscaled = await renderClip(graded.blob, { settings: { container: 'mp4' }, resize: { width, height } })
      made.chain = (await renderClip(upscaled.blob, { settings: { container: 'mp4' } })).blob
    })
  },
  async onePass(clipUrl, cube, width, height) {
    const clip = await (await fetch(clipUrl)).blob()
    const lut = parseCube(cube)
    return timed(async () => {
      made.onePass = (await renderClip(clip, { settings: { container: 'mp4' }, grade: { lut }, resize: { width, height } })).blob
    })
  },
  async read(which, offset, length) {
    const file = made[which]
    if (!file) throw new Error(`${which} has not run`)
    const bytes = new Uint8Array(await file.slice(offset, offset + length).arrayBuffer())
    let text = ''
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return btoa(text)
  },
  size: (which) => made[which]?.size ?? 0,
}
