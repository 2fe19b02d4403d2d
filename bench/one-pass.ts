/**
 * The one-pass chain benchmark's page side (issue 15, item 6): grade → Lanczos ×2 → export as the
 * nodes run it (the grade and the upscale handing on a render recipe, export rendering it; see
 * docs/architecture.md, "Chains of pixel nodes"), beside one pass of ours (the grade and the resize
 * in one render, encoded once). bench/one-pass-run.ts serves the clip, times ffmpeg and measures the
 * PSNR of both against ffmpeg's.
 */
import { isAssetRef, MemoryAssetStore, standaloneContext, type AssetRef } from '../src/engine'
import { parseCube } from '../src/media/color/cube'
import { clipMeta, probeClip } from '../src/media/video/probe'
import { renderClip } from '../src/media/video/render'
import colorGrade from '../nodes/color-grade/node'
import upscale from '../nodes/upscale/node'
import exportNode from '../nodes/export/node'
import { encodeSettings, type Preset } from '../nodes/export/settings'

declare global {
  interface Window {
    reelgraphOnePassBench: {
      /** Seconds of the chain as the nodes run it; its file is kept for `read`. */
      chain(clipUrl: string, cube: string, width: number, height: number): Promise<number>
      /**
       * Seconds of one pass: decode, grade, resize, encode; its file is kept for `read`, as `onePass`,
       * or as `onePass-<preset>` when encoded with an export preset's settings rather than the export
       * node's default (MP4, H.264 at the encoder's high quality).
       */
      onePass(clipUrl: string, cube: string, width: number, height: number, preset?: Preset): Promise<number>
      /** A slice of a kept file as base64, for ffmpeg to measure. */
      read(which: Made, offset: number, length: number): Promise<string>
      size(which: Made): number
    }
  }
}

type Made = 'chain' | 'onePass' | `onePass-${Preset}`
const made: Partial<Record<Made, Blob>> = {}

function assetOf(value: unknown): AssetRef {
  if (!isAssetRef(value)) throw new Error('a node of the chain gave no file')
  return value
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

window.reelgraphOnePassBench = {
  async chain(clipUrl, cube, width, height) {
    const assets = new MemoryAssetStore()
    const ctx = standaloneContext({ assets })
    const bytes = await (await fetch(clipUrl)).blob()
    // What the clip and LUT nodes hand on, made before the clock starts, as their results are cached.
    const clip = await assets.put(bytes, { kind: 'video', meta: { name: 'clip.mp4', ...clipMeta(await probeClip(bytes)) } })
    const lut = await assets.put(new Blob([cube], { type: 'text/x-cube' }), { kind: 'lut', meta: { name: 'look.cube' } })
    return timed(async () => {
      const graded = await colorGrade.run({ inputs: { media: clip }, params: colorGrade.params.parse({ lut }), ctx })
      const upscaled = await upscale.run({ inputs: { media: assetOf(graded.media) }, params: upscale.params.parse({ width, height }), ctx })
      const exported = await exportNode.run({ inputs: { video: assetOf(upscaled.media) }, params: exportNode.params.parse({}), ctx })
      made.chain = await assets.get(assetOf(exported.file))
    })
  },
  async onePass(clipUrl, cube, width, height, preset) {
    const clip = await (await fetch(clipUrl)).blob()
    const lut = parseCube(cube)
    const settings = preset ? encodeSettings({ container: 'mp4', preset }) : { container: 'mp4' as const }
    const which: Made = preset ? `onePass-${preset}` : 'onePass'
    return timed(async () => {
      made[which] = (await renderClip(clip, { settings, grade: { lut }, resize: { width, height } })).blob
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
