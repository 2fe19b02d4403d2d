/**
 * The media benchmark's page side: a LUT grade + H.264 encode and a plain transcode of the same clip,
 * through the same streaming render the nodes use. bench/media-run.ts serves the clip and reads the figures.
 */
import { parseCube } from '../src/media/color/cube'
import { renderClip, type RenderJob } from '../src/media/video/render'

export interface MediaBenchRow {
  what: string
  frames: number
  seconds: number
  /** The most the page's JS heap held while it ran, when Chromium says (performance.memory). */
  peakHeapMb?: number
}

declare global {
  interface Window {
    reelgraphMediaBench: {
      /** The clip graded through the LUT and encoded as H.264. */
      grade(clipUrl: string, cube: string, frames: number): Promise<MediaBenchRow>
      /** The clip decoded and encoded again as H.264, nothing changed. */
      transcode(clipUrl: string, frames: number): Promise<MediaBenchRow>
      /** A longer clip graded, then exported as the export node does, for the memory it holds. */
      gradeAndExport(clipUrl: string, cube: string, frames: number): Promise<MediaBenchRow>
    }
  }
  interface Performance {
    /** Chromium only. */
    memory?: { usedJSHeapSize: number }
  }
}

async function measure(what: string, clip: Blob, frames: number, job: RenderJob): Promise<MediaBenchRow> {
  return measureWork(what, frames, () => renderClip(clip, job))
}

async function measureWork(what: string, frames: number, work: () => Promise<unknown>): Promise<MediaBenchRow> {
  let peak = 0
  const sample = () => (peak = Math.max(peak, performance.memory?.usedJSHeapSize ?? 0))
  const sampler = setInterval(sample, 50)
  const started = performance.now()
  try {
    await work()
  } finally {
    clearInterval(sampler)
  }
  sample()
  const row: MediaBenchRow = { what, frames, seconds: (performance.now() - started) / 1000 }
  if (peak > 0) row.peakHeapMb = peak / 2 ** 20
  return row
}

window.reelgraphMediaBench = {
  // bench/media-run.ts takes turns between ffmpeg, the grade and the transcode, round by round, so
  // each ratio is of runs made under the same load; it reads the threads' CPU time around each call.
  async grade(clipUrl, cube, frames) {
    const clip = await (await fetch(clipUrl)).blob()
    return measure('LUT grade + H.264', clip, frames, { settings: { container: 'mp4' }, grade: { lut: parseCube(cube) } })
  },
  async transcode(clipUrl, frames) {
    const clip = await (await fetch(clipUrl)).blob()
    return measure('plain transcode (H.264)', clip, frames, { settings: { container: 'mp4' }, reencode: true })
  },
  async gradeAndExport(clipUrl, cube, frames) {
    const clip = await (await fetch(clipUrl)).blob()
    return measureWork('LUT grade + export', frames, async () => {
      const graded = await renderClip(clip, { settings: { container: 'mp4' }, grade: { lut: parseCube(cube) } })
      // The export node's default: the graded clip's packets copied into the delivered file.
      await renderClip(graded.blob, { settings: { container: 'mp4' } })
    })
  },
}
