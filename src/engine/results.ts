import type { Outputs } from './values'

/** Where the executor keeps each node's outputs by cache key. Storage implements it with Dexie. */
export interface ResultStore {
  /** The outputs stored under each key, or undefined, in the same order. */
  getMany(keys: readonly string[]): Promise<(Outputs | undefined)[]>
  /** Resolves once the result is durable: a paid result must survive a crash right after. */
  put(key: string, entry: { outputs: Outputs; nodeType: string; durationMs: number }): Promise<void>
}
