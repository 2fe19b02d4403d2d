/*
 * Storyboard frames drawn on this machine, offline and free: the shot's first frame as the
 * animatic frames it (its references staged, or the storyboard card, with the caption), so a
 * pipeline that makes frames runs end to end before any image model is paid.
 */
import { stillSize, type ImageProvider } from '../image'
import { renderStill } from './animatic'
import { localJobs } from './jobs'

export const storyboard: ImageProvider = {
  id: 'storyboard',
  name: 'Storyboard (local)',
  runsOn: 'this-machine',
  capabilities: { aspects: ['16:9', '9:16', '1:1'], heights: [480, 720, 1080], maxReferenceImages: 8 },
  pollIntervalMs: 50,
  estimateCost: () => ({ amount: 0, currency: 'USD', basis: 'drawn on this machine, offline' }),
  ...localJobs('storyboard', async (request, { signal }) => {
    const { width, height } = stillSize(request)
    const image = await renderStill(request, width, height)
    signal.throwIfAborted()
    return { image, width, height }
  }),
}
