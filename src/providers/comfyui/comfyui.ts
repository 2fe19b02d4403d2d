/*
 * Takes made by the person's ComfyUI servers (docs/providers.md §8): the shot goes into an
 * API-format workflow (the built-in Wan 2.2 5B one, or the node's own), its reference images are
 * uploaded to the chosen server's input folder, and the saved video is the take. How jobs reach the
 * servers, and stay with the one that took them, is client.ts's. It costs nothing.
 */
import type { RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { frameSize, type GenerationProvider } from '../provider'
import { comfyJobs, NAME, type ComfyJobOptions } from './client'
import { DEFAULT_WORKFLOW, fillWorkflow, referenceSlots, type ComfyWorkflow } from './workflow'

export { COMFYUI_DEFAULT_URL, ServerNotAnswering } from './client'

export interface ComfyUIOptions extends ComfyJobOptions {
  /** The workflow a take is made with; the built-in one (Wan 2.2 5B) when not given. */
  workflow?: ComfyWorkflow
}

export function createComfyUI(remote: RemoteAccess, options: ComfyUIOptions = {}): GenerationProvider {
  const workflow = options.workflow ?? DEFAULT_WORKFLOW
  const jobs = comfyJobs(remote, options)
  return {
    id: 'comfyui',
    name: NAME,
    runsOn: 'own-server',
    capabilities: {
      durationS: { min: 1, max: 20 },
      aspects: ['16:9', '9:16', '1:1'],
      heights: [480, 720, 1080],
      fps: [16, 24, 25, 30],
      maxReferenceImages: referenceSlots(workflow),
      nativeAudio: false,
    },
    pollIntervalMs: jobs.pollIntervalMs,
    estimateCost: () => ({ amount: 0, currency: 'USD', basis: 'made on your own ComfyUI server' }),
    submit: (request, job) =>
      jobs.submit(async (upload) => {
        const references: string[] = []
        for (const reference of request.references) references.push(await upload(reference.image))
        const { width, height } = frameSize(request.aspect, request.height)
        return fillWorkflow(workflow, { prompt: request.prompt.text, seed: request.seed, width, height, fps: request.fps, durationS: request.durationS, references })
      }, job),
    poll: jobs.poll,
    cancel: jobs.cancel,
    recover: jobs.recover,
    fetchResult: async (jobId, signal) => clipFromDownload(await jobs.fetchVideo(jobId, 'the take', signal), NAME),
  }
}
