import { vi } from 'vitest'

/**
 * Settles `work` with a provider's waits between polls skipped (Runway's about 6 s, fal's 2 s; see
 * docs/providers.md): the polls, and the states the contract server passes through, are the same; only
 * the timers fire at once. Real I/O (the server, the database) gets its turn between jumps. The
 * unit tests' analogue of the e2e harness's `skipPollWaits`.
 */
export async function withoutPollWaits<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  try {
    let settled = false
    const done = work()
    // Handled here, so a refusal waits for the caller's `await` without being reported as unhandled.
    const markSettled = () => {
      settled = true
    }
    done.then(markSettled, markSettled)
    while (!settled) {
      await vi.advanceTimersByTimeAsync(POLL_WAIT_STEP_MS)
      await new Promise((resolve) => setImmediate(resolve))
    }
    return await done
  } finally {
    vi.useRealTimers()
  }
}

/** How far the clock jumps at a time: less than any provider's poll interval. */
const POLL_WAIT_STEP_MS = 500
