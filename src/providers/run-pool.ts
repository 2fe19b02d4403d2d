import { defaultResourceLimits, ResourcePool } from '../engine'
import { comfyServersOf } from './comfyui/servers'
import { providerResourceLimits } from './concurrency'
import type { SettingsStore } from '../storage'

/**
 * The scheduler's slots for a run: this machine's, each cloud provider's jobs-at-once as the person
 * set it for their account in the settings (else the provider's default), and ComfyUI's as the sum
 * of its servers' jobs at once, since its takes are spread across them.
 */
export async function runPool(settings: Pick<SettingsStore, 'get'>): Promise<ResourcePool> {
  const { providerConcurrency, comfyuiServers } = await settings.get()
  const comfyui = comfyServersOf(comfyuiServers).reduce((total, server) => total + server.jobsAtOnce, 0)
  return new ResourcePool({ ...defaultResourceLimits, ...providerResourceLimits({ ...providerConcurrency, comfyui }) })
}
