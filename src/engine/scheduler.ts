import { ownValue } from '../graph'

/**
 * Per-resource limits for concurrent steps: at most `limit` steps hold a resource at once. A step
 * takes all its resources together, in one sorted order, so two steps can never wait on each other.
 */
export type ResourceLimits = Record<string, number>

export const defaultResourceLimits: ResourceLimits = {
  cpu: Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 2),
  gpu: 1,
  network: 6,
}

interface Waiter {
  resources: string[]
  grant: () => void
}

/** A resource nobody set a limit for (a new provider, say) runs one at a time. */
const UNLISTED_LIMIT = 1

export class ResourcePool {
  readonly #limits: ResourceLimits
  readonly #inUse = new Map<string, number>()
  readonly #waiting: Waiter[] = []
  /** How many waiters need each resource, so a new request checks its queue without a scan. */
  readonly #waitersFor = new Map<string, number>()

  constructor(limits: ResourceLimits = defaultResourceLimits) {
    this.#limits = limits
  }

  /** Takes the resources now if they have room and nobody is queued for them, or gives undefined. */
  tryAcquire(resources: readonly string[]): (() => void) | undefined {
    const sorted = [...new Set(resources)].sort()
    // An earlier waiter for the same resource goes first, so a busy resource's queue stays fair.
    const queuedBehind = sorted.some((name) => (this.#waitersFor.get(name) ?? 0) > 0)
    if (queuedBehind || !this.#fits(sorted)) return undefined
    return this.#take(sorted)
  }

  /** Waits until every resource has room, takes them, and gives back a release function. */
  acquire(resources: readonly string[]): Promise<() => void> {
    const now = this.tryAcquire(resources)
    if (now) return Promise.resolve(now)
    const sorted = [...new Set(resources)].sort()
    return new Promise((resolve) => {
      this.#waiting.push({ resources: sorted, grant: () => resolve(this.#take(sorted)) })
      for (const name of sorted) this.#waitersFor.set(name, (this.#waitersFor.get(name) ?? 0) + 1)
    })
  }

  #take(sorted: string[]): () => void {
    for (const name of sorted) this.#inUse.set(name, (this.#inUse.get(name) ?? 0) + 1)
    return () => this.#release(sorted)
  }

  inUse(resource: string): number {
    return this.#inUse.get(resource) ?? 0
  }

  #fits(resources: string[]): boolean {
    return !resources.some((name) => this.#isFull(name))
  }

  #isFull(resource: string): boolean {
    return (this.#inUse.get(resource) ?? 0) >= (ownValue(this.#limits, resource) ?? UNLISTED_LIMIT)
  }

  #release(resources: string[]): void {
    for (const name of resources) this.#inUse.set(name, (this.#inUse.get(name) ?? 1) - 1)
    // Grant in arrival order, but let a later waiter pass one whose resources are still busy. Only
    // the released resources gained room, so once they are all full again nobody else can start.
    for (let i = 0; i < this.#waiting.length && !resources.every((name) => this.#isFull(name)); ) {
      const waiter = this.#waiting[i] as Waiter
      if (!this.#fits(waiter.resources)) {
        i++
        continue
      }
      this.#waiting.splice(i, 1)
      for (const name of waiter.resources) this.#waitersFor.set(name, (this.#waitersFor.get(name) ?? 1) - 1)
      waiter.grant()
    }
  }
}
