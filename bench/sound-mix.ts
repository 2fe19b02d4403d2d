/**
 * The mix benchmark's page side: the mix node itself, run on four tracks as a pipeline runs it
 * (decode, place, duck, render through OfflineAudioContext, normalise, store the WAVs), timed
 * from its inputs to its outputs. bench/sound-mix-run.ts serves the tracks and reads the figures.
 */
import { isAssetRef, MemoryAssetStore, standaloneContext, type AssetRef } from '../src/engine'
import mix from '../nodes/mix/node'

export interface MixBenchRun {
  seconds: number
  /** The mix's length and loudness as the node reports them. */
  mixS: number
  loudnessLufs?: number
}

declare global {
  interface Window {
    reelgraphMixBench: { run(tracks: { url: string; role: string; loop?: boolean; offsetS?: number }[], runs: number): Promise<MixBenchRun[]> }
  }
}

window.reelgraphMixBench = {
  async run(tracks, runs) {
    const assets = new MemoryAssetStore()
    const inputs: AssetRef[] = []
    for (const track of tracks) {
      const blob = await (await fetch(track.url)).blob()
      inputs.push(await assets.put(blob, { kind: 'audio', meta: { name: track.url.split('/').at(-1) } }))
    }
    const params = mix.params.parse({
      tracks: tracks.map(({ role, loop = false, offsetS = 0 }) => ({ role, loop, offsetS })),
      targetLufs: -14,
    })
    const results: MixBenchRun[] = []
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      const { audio } = await mix.run({ inputs: { tracks: inputs }, params, ctx: standaloneContext({ assets }) })
      const seconds = (performance.now() - started) / 1000
      if (!isAssetRef(audio)) throw new Error('the mix node gave no sound')
      const { durationS, loudnessLufs } = audio.meta
      results.push({ seconds, mixS: Number(durationS), ...(typeof loudnessLufs === 'number' ? { loudnessLufs } : {}) })
    }
    return results
  },
}
