import { generate, type GenerateOptions, type JobBackEnd } from '../../src/providers/provider'

/**
 * Runs a back end's job (a take, a still, an upscale) and stops it at its `atPoll`-th poll with
 * `reason`: a person cancelling (the back end is asked to cancel), or the page closing
 * (`pageClosed`: nothing is cancelled, as a closed page cannot). The job stays in `ledger` unless
 * the back end stopped it.
 */
export function stopAtPoll<Request, Result>(
  backEnd: JobBackEnd<Request, Result>,
  request: Request,
  ledger: NonNullable<GenerateOptions['ledger']>,
  stop: { atPoll: number; reason: string; pageClosed?: boolean },
): Promise<Result> {
  const controller = new AbortController()
  const poll = backEnd.poll.bind(backEnd)
  let polls = 0
  const stopping: JobBackEnd<Request, Result> = {
    ...backEnd,
    poll: async (jobId, signal) => {
      if (++polls === stop.atPoll) controller.abort(new Error(stop.reason))
      return poll(jobId, signal)
    },
    ...(stop.pageClosed ? { cancel: async () => false } : {}),
  }
  return generate(stopping, request, { signal: controller.signal, ledger })
}
