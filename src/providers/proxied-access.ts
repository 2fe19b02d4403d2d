import type { RemoteAccess } from '../engine'
import { comfyServersOf } from './comfyui/servers'
import type { Storage } from '../storage'

/** Where the local proxy (scripts/api-proxy.mjs, started by `npm start`) listens on our origin. */
export const PROXY_PATH = '/api-proxy/'

/**
 * Remote access as the app has it: every cloud API call goes to the same-origin proxy, which
 * forwards it to the allow-listed host; keys come from the `secrets` table; paid jobs go to the
 * `jobs` table, charged to `pipelineId` when a pipeline's run makes them. The person's own
 * ComfyUI servers are called at their addresses, not through the
 * proxy: the proxy would hide the page's origin from them, and with it ComfyUI's guard against other sites.
 */
export function appRemoteAccess(storage: Storage, pipelineId?: string): RemoteAccess {
  const comfyServers = async () => comfyServersOf((await storage.settings.get()).comfyuiServers)
  return {
    fetch: async (url, init) => {
      const target = new URL(url)
      const servers = await comfyServers()
      if (servers.some((server) => new URL(server.url).origin === target.origin)) return fetch(url, init)
      return fetch(`${location.origin}${PROXY_PATH}${target.host}${target.pathname}${target.search}`, init)
    },
    key: (provider) => storage.secrets.get(provider),
    servers: async (provider) => (provider === 'comfyui' ? comfyServers() : undefined),
    // A run's jobs charge its pipeline, so the pipeline's budget knows what it has spent.
    jobs: pipelineId === undefined ? storage.jobs : storage.jobs.forPipeline(pipelineId),
  }
}
