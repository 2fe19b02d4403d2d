import { partKey, type InputKey } from './cache-key'
import type { Step } from './plan'
import type { Outputs } from './values'

/** Where the executor keeps each node's outputs by cache key. Storage implements it with Dexie. */
export interface ResultStore {
  /** The outputs stored under each key, or undefined, in the same order. */
  getMany(keys: readonly string[]): Promise<(Outputs | undefined)[]>
  /** Resolves once the result is durable: a paid result must survive a crash right after. */
  put(key: string, entry: { outputs: Outputs; nodeType: string; durationMs: number }): Promise<void>
}

/** Whether a part of a node's work with these input keys is in the cache (`EstimateContext.memoized`). */
export function memoizedIn(results: Pick<ResultStore, 'getMany'>, step: Pick<Step, 'node' | 'definition'>, inputKeys: Record<string, InputKey>): (parts: Record<string, unknown>) => Promise<boolean> {
  return async (parts) => {
    const [stored] = await results.getMany([partKey(step.node.type, step.definition.version, parts, inputKeys)])
    return stored !== undefined
  }
}
