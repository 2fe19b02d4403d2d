import { estimateCloudUpscale, probedUpscale } from '../../../nodes/upscale/cloud'
import { planRun } from '../../../src/engine'
import { upscaleProviderFor } from '../../../src/providers/upscale-registry'
import { ffmpegClip } from '../../contract/remote'
import { link, node, pipeline, type SpendCase } from '../spend-case'

/**
 * A clip from a bundle whose label claims 64×36 and a tenth of a second; the file is 1920×1080 for
 * 3 s. The estimate must price the file, not the label: the run sends the file.
 */
const spendCase: SpendCase = {
  title: 'a clip whose metadata understates its size and length',
  keys: { topaz: 'tpz_test_5e1d0c3b2a49' },
  asks: false,
  build: async ({ registry, assets, results }) => {
    const bytes = ffmpegClip({ width: 1920, height: 1080, fps: 24, seconds: 3 })
    const clip = await assets.put(new Blob([new Uint8Array(bytes)], { type: 'video/mp4' }), { kind: 'video', meta: { width: 64, height: 36, durationS: 0.1, fps: 24, frameCount: 2 } })
    const doc = pipeline('lying-clip-metadata', [node('plate', 'video-input', { file: clip }), node('trim', 'trim'), node('up', 'upscale', { method: 'topaz', scale: 2 })], [link('plate.video', 'trim.video'), link('trim.video', 'up.media')])
    // The trim's result is in the cache, as after a first run: the upscale gets this very clip.
    const planned = planRun(doc, registry)
    if (!planned.ok) throw new Error('the case should plan')
    const trim = planned.plan.steps.find((step) => step.node.id === 'trim')
    await results.put(trim?.cacheKey ?? '', { outputs: { video: clip } })
    const topaz = upscaleProviderFor('topaz')
    const real = (await probedUpscale(topaz, new Blob([new Uint8Array(bytes)]), { scale: 2 })).cost.amount
    const claimed = estimateCloudUpscale(topaz, { width: 64, height: 36, durationS: 0.1, fps: 24, frameCount: 2, bytes: bytes.length, mime: 'video/mp4' }, { scale: 2 }).cost.amount
    if (real <= claimed) throw new Error('the case needs a real clip that costs more than its label says')
    return { doc, atLeastUsd: real }
  },
}
export default spendCase
