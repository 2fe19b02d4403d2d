/*
 * After a reload or a crash, the paid jobs still in the ledger are followed to their clips (or stills), which
 * land in the result cache under the take's key: the next run finds them there and pays nothing.
 */
import type { AssetAccess, RemoteAccess, ResultStore } from '../engine'
import { ProviderError } from './http'
import { isImageProviderId, imageProviderFor } from './image-registry'
import { storeImage, type GeneratedImage } from './image'
import { clientIdFor, followJob, JobEndedError, storeClip, type GeneratedClip, type JobBackEnd } from './provider'
import { isProviderId, providerFor } from './registry'
import { isUpscaleProviderId, upscaleProviderFor } from './upscale-registry'

/** A back end whose jobs can be followed after a reload: one that makes takes, or stills. */
type ResumableBackEnd = JobBackEnd<never, GeneratedClip | GeneratedImage>

export interface ResumeReport {
  /** Takes now in the cache. */
  landed: number
  /** Jobs that ended without a clip, or could not be followed, with why. */
  problems: string[]
}

export async function resumePendingJobs(
  remote: RemoteAccess,
  store: { assets: AssetAccess; results: ResultStore },
  options: { signal?: AbortSignal; providerFor?: (id: string, remote: RemoteAccess) => ResumableBackEnd | undefined } = {},
): Promise<ResumeReport> {
  const report: ResumeReport = { landed: 0, problems: [] }
  const lookUp = options.providerFor ?? knownProvider
  const jobs = await remote.jobs.pending()
  await Promise.all(
    jobs.map(async (job) => {
      const provider = lookUp(job.provider, remote)
      if (!provider) {
        report.problems.push(`a job on "${job.provider}" waits for a build that knows that provider`)
        return
      }
      try {
        if (job.state === 'submitting' && job.remoteId !== undefined) {
          // Its submit stopped half-way (an upload cut off by the closing page): cancelling refunds what it reserved.
          await provider.cancel(job.remoteId).catch(() => false)
          await remote.jobs.delete(job.key)
          report.problems.push(`${provider.name} was still receiving a clip when the app closed; that request was cancelled (its reserved credits return): run the node again`)
          return
        }
        // A back end that is not answering yet (a ComfyUI not started) leaves the job for next time.
        const remoteId = job.remoteId ?? (await provider.recover?.(clientIdFor(job.key)))
        if (remoteId === undefined) {
          // The submit never answered and the back end cannot be asked: nothing to follow.
          await remote.jobs.delete(job.key)
          report.problems.push(`${provider.name} never confirmed a take that was being submitted when the app closed; run the node again if it is missing`)
          return
        }
        await followJob(provider, remoteId, options.signal ? { signal: options.signal } : {})
        const made = await provider.fetchResult(remoteId, options.signal)
        const asset = 'video' in made ? await storeClip(store.assets, made, job.output.meta) : await storeImage(store.assets, made, job.output.meta)
        await store.results.put(job.key, { outputs: { [job.output.port]: asset }, nodeType: job.output.nodeType, durationMs: Date.now() - job.createdAt })
        await remote.jobs.delete(job.key)
        report.landed++
      } catch (error) {
        if (options.signal?.aborted) return
        const message = error instanceof Error ? error.message : String(error)
        // A job that ended badly is done with; one we could not reach is tried again next time.
        const ended = error instanceof JobEndedError || (error instanceof ProviderError && (error.failure === 'not-found' || error.failure === 'expired'))
        if (ended) await remote.jobs.delete(job.key)
        report.problems.push(message)
      }
    }),
  )
  return report
}

/** Generation back ends first, then stills; an upscale back end's job (Topaz) is followed by its own adapter. */
function knownProvider(id: string, remote: RemoteAccess): ResumableBackEnd | undefined {
  if (isProviderId(id)) return providerFor(id, remote)
  if (isImageProviderId(id)) return imageProviderFor(id, remote)
  return isUpscaleProviderId(id) ? upscaleProviderFor(id, remote) : undefined
}
