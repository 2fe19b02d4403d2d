import { defaultResourceLimits, ResourcePool } from '../engine'
import { providerResourceLimits } from './concurrency'
import type { SettingsStore } from '../storage'

/**
 * The scheduler's slots for a run: this machine's, and each cloud provider's jobs-at-once as the
 * person set it for their account in the settings (else the provider's default).
 */
export async function runPool(settings: Pick<SettingsStore, 'get'>): Promise<ResourcePool> {
  const { providerConcurrency } = await settings.get()
  return new ResourcePool({ ...defaultResourceLimits, ...providerResourceLimits(providerConcurrency) })
}
