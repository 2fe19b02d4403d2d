/*
 * One submit per take at a time. In the browser a Web Lock (`navigator.locks`) is held across every
 * tab of the app, so two tabs pressing Run submit a take once; where there is none (Node, the
 * runner, tests) the lock is held within this process.
 */

/** The lock's name for a take: its cache key. */
export function takeLockName(key: string): string {
  return `reelgraph:take:${key}`
}

const held = new Map<string, Promise<unknown>>()

/** Runs `work` holding the take's lock: a second caller for the same take waits for the first to finish. */
export async function withTakeLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const name = takeLockName(key)
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks
  if (locks) return locks.request(name, work)
  const before = held.get(name) ?? Promise.resolve()
  const turn = before.then(work, work)
  const settled = turn.catch(() => undefined)
  held.set(name, settled)
  try {
    return await turn
  } finally {
    if (held.get(name) === settled) held.delete(name)
  }
}
