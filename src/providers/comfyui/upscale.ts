/*
 * Upscales made by the person's ComfyUI servers, the same servers that make takes (client.ts): the
 * clip is uploaded to the chosen server's input folder, run through an upscale workflow (the
 * built-in Real-ESRGAN ×4 one, or the node's own) and the saved video is the result. It costs nothing.
 */
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import type { UpscaleProvider } from '../upscale'
import { comfyJobs, NAME, type ComfyJobOptions } from './client'
import { DEFAULT_UPSCALE_WORKFLOW } from './upscale-workflow'
import { fillPlaceholders, type ComfyWorkflow } from './workflow'

export interface ComfyUpscaleOptions extends ComfyJobOptions {
  /** The upscale workflow; the built-in Real-ESRGAN ×4 one when not given. */
  workflow?: ComfyWorkflow
}

export function createComfyUpscale(remote: RemoteAccess, options: ComfyUpscaleOptions = {}): UpscaleProvider {
  const workflow = options.workflow ?? DEFAULT_UPSCALE_WORKFLOW
  const jobs = comfyJobs(remote, options)
  return {
    id: 'comfyui',
    name: NAME,
    runsOn: 'own-server',
    capabilities: {
      // The built-in model enlarges ×4; a frame scaled past that has no more detail than Lanczos gives.
      maxFactor: 4,
      maxOutput: { long: 7680, short: 4320 },
    },
    // The frames are scaled to exactly the size asked for.
    outputSize: (_source, target) => target,
    pollIntervalMs: jobs.pollIntervalMs,
    estimateCost: () => ({ amount: 0, currency: 'USD', basis: 'made on your own ComfyUI server' }),
    submit: (request, job) =>
      jobs.submit(async (upload) => fillPlaceholders(workflow, { video: await upload(request.clip), width: request.target.width, height: request.target.height }), job),
    poll: jobs.poll,
    cancel: jobs.cancel,
    recover: jobs.recover,
    fetchResult: async (jobId, signal) => clipFromDownload(await jobs.fetchVideo(jobId, 'the upscale', signal), NAME),
  }
}
