/**
 * The remux benchmark's page side: the replace-audio node itself putting new sound under a clip,
 * the picture packets copied, timed from its inputs to its stored output. bench/remux-run.ts
 * serves the clip and the sounds and reads the figures.
 */
import { MemoryAssetStore, standaloneContext } from '../src/engine'
import replaceAudio from '../nodes/replace-audio/node'

export interface RemuxBenchRow {
  what: string
  seconds: number
  /** Of `seconds`, the time the asset store took to keep the new clip (hashing it, unless its maker did). */
  storeSeconds: number
}

/** The in-memory store, timing its `put`: content addressing hashes the whole new clip. */
class TimedAssetStore extends MemoryAssetStore {
  putMs = 0
  override async put(...args: Parameters<MemoryAssetStore['put']>): ReturnType<MemoryAssetStore['put']> {
    const started = performance.now()
    try {
      return await super.put(...args)
    } finally {
      this.putMs += performance.now() - started
    }
  }
}

declare global {
  interface Window {
    reelgraphRemuxBench: { run(clipUrl: string, sounds: { what: string; url: string }[], runs: number): Promise<RemuxBenchRow[][]> }
  }
}

window.reelgraphRemuxBench = {
  async run(clipUrl, sounds, runs) {
    const assets = new TimedAssetStore()
    const fetched = async (url: string) => (await fetch(url)).blob()
    const video = await assets.put(await fetched(clipUrl), { kind: 'video', meta: { name: 'clip.mp4' } })
    const rows: RemuxBenchRow[][] = []
    for (const sound of sounds) {
      const audio = await assets.put(await fetched(sound.url), { kind: 'audio', meta: { name: sound.url.split('/').at(-1) } })
      const params = replaceAudio.params.parse({ mode: 'replace' })
      const timings: RemuxBenchRow[] = []
      for (let run = 0; run < runs; run++) {
        assets.putMs = 0
        const started = performance.now()
        await replaceAudio.run({ inputs: { video, audio }, params, ctx: standaloneContext({ assets }) })
        timings.push({ what: sound.what, seconds: (performance.now() - started) / 1000, storeSeconds: assets.putMs / 1000 })
      }
      rows.push(timings)
    }
    return rows
  },
}
