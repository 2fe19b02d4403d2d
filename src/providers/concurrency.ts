/*
 * How many jobs each cloud back end runs at once for one account. Providers count this per account
 * and plan (Runway's usage tiers, Kling's resource packs, ElevenLabs' plans); past it they answer
 * 429, `THROTTLED` or Kling's 1303, so the scheduler queues our jobs here instead (docs/providers.md §11.7).
 * The person sets their account's figure in the Provider keys dialog; until then, the entry plan's,
 * from each provider's descriptor. ComfyUI's comes from its servers' figures (run-pool.ts).
 */
import type { ResourceLimits } from '../engine'
import { DESCRIPTORS } from './descriptors'

/** The entry plan's figure where a provider publishes one (its descriptor's `jobsAtOnce`); a provider missing here runs one job at a time. */
export const DEFAULT_CONCURRENCY: Readonly<Record<string, number>> = Object.fromEntries(
  DESCRIPTORS.flatMap((descriptor) => (descriptor.jobsAtOnce === undefined ? [] : [[descriptor.id, descriptor.jobsAtOnce]])),
)

/** The jobs-at-once limit of a provider: the person's choice, else its default. */
export function concurrencyOf(providerId: string, chosen: Readonly<Record<string, number>> | undefined): number {
  return chosen?.[providerId] ?? DEFAULT_CONCURRENCY[providerId] ?? 1
}

/** The scheduler's limits for every provider's slot (`provider:<id>`, as generation nodes ask for it). */
export function providerResourceLimits(chosen: Readonly<Record<string, number>> | undefined): ResourceLimits {
  const ids = new Set([...Object.keys(DEFAULT_CONCURRENCY), ...Object.keys(chosen ?? {})])
  return Object.fromEntries([...ids].map((id) => [`provider:${id}`, concurrencyOf(id, chosen)]))
}
