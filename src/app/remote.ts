import type { RemoteAccess } from '../engine'
import type { Storage } from '../storage'

/** Where the local proxy (scripts/api-proxy.mjs, started by `npm start`) listens on our origin. */
export const PROXY_PATH = '/api-proxy/'

/**
 * Remote access as the app has it: every API call goes to the same-origin proxy, which forwards it
 * to the allow-listed host; keys come from the `secrets` table; paid jobs go to the `jobs` table.
 */
export function appRemoteAccess(storage: Storage): RemoteAccess {
  return {
    fetch: (url, init) => {
      const target = new URL(url)
      return fetch(`${location.origin}${PROXY_PATH}${target.host}${target.pathname}${target.search}`, init)
    },
    key: (provider) => storage.secrets.get(provider),
    jobs: storage.jobs,
  }
}
