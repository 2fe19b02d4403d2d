/*
 * Each provider folder's `descriptor.json`: what the rest of the app needs to know of a back end
 * without calling it — its name, where its key comes from, the hosts Reelgraph's proxy may reach for
 * it (scripts/api-proxy.mjs reads the same files, so `npm start` builds nothing), its entry plan's
 * jobs at once, and a hint of its prices (docs/providers.md has the sources). Plain data, checked here.
 */
import { z } from 'zod'
import comfyui from './comfyui/descriptor.json'
import elevenlabs from './elevenlabs/descriptor.json'
import fal from './fal/descriptor.json'
import kling from './kling/descriptor.json'
import luma from './luma/descriptor.json'
import replicate from './replicate/descriptor.json'
import runway from './runway/descriptor.json'
import sora from './sora/descriptor.json'
import topaz from './topaz/descriptor.json'
import veo from './veo/descriptor.json'

const host = z.string().regex(/^[a-z0-9.-]+$/, { error: 'a host is a bare name, such as api.example.com' })

export const descriptorSchema = z.object({
  /** The key's and the jobs-at-once figure's id (an account's, shared by the models on it). */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** As the Provider keys dialog names it. */
  title: z.string().min(1),
  /** What the key looks like when it is more than one string (Kling's two, joined by a colon). */
  keyFormat: z.string().optional(),
  /** Where a person gets a key; absent for a back end that needs none. */
  keyPage: z.url().optional(),
  /** Hosts its adapter calls, with any method, through the proxy. */
  apiHosts: z.array(host),
  /** Hosts its results are downloaded from (GET only), by exact name. */
  resultHosts: z.array(host),
  /** Result hosts whose name carries a shard number (`v3.fal.media`): anchored regular expressions. */
  resultHostPatterns: z.array(z.string().regex(/^\^.*\$$/, { error: 'a host pattern is anchored, ^…$' })).optional(),
  /** Jobs at once on the entry plan, where the provider publishes it; one when absent. */
  jobsAtOnce: z.number().int().min(1).optional(),
  jobsAtOnceWhy: z.string().optional(),
  priceHint: z.string().optional(),
})
export type ProviderDescriptor = z.infer<typeof descriptorSchema>

/** In the order the Provider keys dialog lists them. */
export const DESCRIPTORS: readonly ProviderDescriptor[] = [topaz, runway, luma, kling, veo, replicate, fal, elevenlabs, sora, comfyui].map((descriptor) => descriptorSchema.parse(descriptor))

/** The back ends a person enters a key for: the ones with a page to get one. */
export const KEYED_DESCRIPTORS: readonly (ProviderDescriptor & { keyPage: string })[] = DESCRIPTORS.filter((descriptor): descriptor is ProviderDescriptor & { keyPage: string } => descriptor.keyPage !== undefined)
