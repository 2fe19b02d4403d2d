import type { RemoteAccess } from '../engine'
import { COMFYUI_DEFAULT_URL } from './comfyui/comfyui'
import type { Storage } from '../storage'

/** Where the local proxy (scripts/api-proxy.mjs, started by `npm start`) listens on our origin. */
export const PROXY_PATH = '/api-proxy/'

/**
 * Remote access as the app has it: every cloud API call goes to the same-origin proxy, which
 * forwards it to the allow-listed host; keys come from the `secrets` table; paid jobs go to the
 * `jobs` table. The person's own ComfyUI is called at its address, not through the proxy: the
 * proxy would hide the page's origin from it, and with it ComfyUI's guard against other sites.
 */
export function appRemoteAccess(storage: Storage): RemoteAccess {
  const comfyuiUrl = async () => (await storage.settings.get()).comfyuiUrl ?? COMFYUI_DEFAULT_URL
  return {
    fetch: async (url, init) => {
      const target = new URL(url)
      if (target.origin === new URL(await comfyuiUrl()).origin) return fetch(url, init)
      return fetch(`${location.origin}${PROXY_PATH}${target.host}${target.pathname}${target.search}`, init)
    },
    key: (provider) => storage.secrets.get(provider),
    address: async (provider) => (provider === 'comfyui' ? comfyuiUrl() : undefined),
    jobs: storage.jobs,
  }
}
