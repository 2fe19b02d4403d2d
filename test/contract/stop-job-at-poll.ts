import { runJob, type GeneratedClip, type GenerateOptions, type JobBackEnd, type SubmitJob } from '../../src/providers/provider'

/**
 * `stopAtPoll` for any back end's job (an upscale as well as a take): runs it and stops it at its
 * `atPoll`-th poll with `reason`, the page closing when `pageClosed` (nothing is cancelled, as a
 * closed page cannot). The job stays in `ledger` unless the back end stopped it.
 */
export function stopJobAtPoll<B extends JobBackEnd>(
  backEnd: B,
  submit: (backEnd: B, job: SubmitJob) => Promise<string>,
  ledger: NonNullable<GenerateOptions['ledger']>,
  stop: { atPoll: number; reason: string; pageClosed?: boolean },
): Promise<GeneratedClip> {
  const controller = new AbortController()
  const poll = backEnd.poll.bind(backEnd)
  let polls = 0
  const stopping: B = {
    ...backEnd,
    poll: async (jobId: string, signal?: AbortSignal) => {
      if (++polls === stop.atPoll) controller.abort(new Error(stop.reason))
      return poll(jobId, signal)
    },
    ...(stop.pageClosed ? { cancel: async () => false } : {}),
  }
  return runJob(stopping, (job) => submit(stopping, job), { signal: controller.signal, ledger })
}
