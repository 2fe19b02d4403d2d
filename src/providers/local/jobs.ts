/*
 * Work done on this machine, followed like a back end's job: rendered at once on submit, its
 * progress and state read by polls, its result fetched, cancelled by aborting the render. Nothing
 * here is paid or outlives the page, so the jobs live in memory.
 */
import type { JobBackEnd, JobStatus } from '../provider'

interface LocalJob<Result> {
  progress: number
  status: JobStatus['state']
  message?: string
  result: Promise<Result>
  controller: AbortController
}

export type Render<Request, Result> = (request: Request, options: { signal: AbortSignal; onProgress: (fraction: number) => void }) => Promise<Result>

/** The job half of a local back end: submit, poll, cancel and fetchResult around `render`. */
export function localJobs<Request, Result>(name: string, render: Render<Request, Result>): Pick<JobBackEnd<Request, Result>, 'submit' | 'poll' | 'cancel' | 'fetchResult'> {
  const jobs = new Map<string, LocalJob<Result>>()
  let counter = 0

  function jobOf(jobId: string): LocalJob<Result> {
    const job = jobs.get(jobId)
    if (!job) throw new Error(`the ${name} has no job ${jobId}`)
    return job
  }

  return {
    async submit(request) {
      const id = `${name}-${++counter}`
      const controller = new AbortController()
      const job: Omit<LocalJob<Result>, 'result'> = { progress: 0, status: 'running', controller }
      const result = render(request, { signal: controller.signal, onProgress: (fraction) => (job.progress = fraction) }).then(
        (made) => {
          job.status = 'succeeded'
          return made
        },
        (error: unknown) => {
          job.status = controller.signal.aborted ? 'cancelled' : 'failed'
          job.message = error instanceof Error ? error.message : String(error)
          throw error
        },
      )
      // Followed through poll and fetchResult; this only keeps a failure nobody fetched from being unhandled.
      result.catch(() => undefined)
      jobs.set(id, Object.assign(job, { result }))
      return id
    },
    async poll(jobId) {
      const job = jobOf(jobId)
      if (job.status === 'running') return { state: 'running', progress: job.progress }
      if (job.status === 'succeeded') return { state: 'succeeded' }
      // Nothing more will be asked of a job that failed or was cancelled once it has said so.
      jobs.delete(jobId)
      return job.status === 'failed' ? { state: 'failed', message: job.message ?? 'the render failed' } : { state: 'cancelled' }
    },
    async cancel(jobId) {
      jobs.get(jobId)?.controller.abort()
      jobs.delete(jobId)
      return true
    },
    async fetchResult(jobId) {
      const result = await jobOf(jobId).result
      jobs.delete(jobId)
      return result
    },
  }
}
