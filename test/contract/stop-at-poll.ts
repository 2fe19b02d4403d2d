import { generate, type GeneratedClip, type GenerateOptions, type GenerationProvider, type GenerationRequest } from '../../src/providers/provider'

/**
 * Generates a take and stops it at its `atPoll`-th poll with `reason`: a person cancelling (the
 * provider is asked to cancel), or the page closing (`pageClosed`: nothing is cancelled, as a closed
 * page cannot). The job stays in `ledger` unless the back end stopped it.
 */
export function stopAtPoll(
  provider: GenerationProvider,
  request: GenerationRequest,
  ledger: NonNullable<GenerateOptions['ledger']>,
  stop: { atPoll: number; reason: string; pageClosed?: boolean },
): Promise<GeneratedClip> {
  const controller = new AbortController()
  const poll = provider.poll.bind(provider)
  let polls = 0
  const stopping: GenerationProvider = {
    ...provider,
    poll: async (jobId, signal) => {
      if (++polls === stop.atPoll) controller.abort(new Error(stop.reason))
      return poll(jobId, signal)
    },
    ...(stop.pageClosed ? { cancel: async () => false } : {}),
  }
  return generate(stopping, request, { signal: controller.signal, ledger })
}
