import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appRemoteAccess } from '../../src/providers/proxied-access'
import type { Storage } from '../../src/storage'
import { freshStorage } from '../storage/fixtures'

describe('the app’s remote access', () => {
  let storage: Storage
  afterEach(() => {
    vi.unstubAllGlobals()
    storage.close()
  })

  it('sends cloud calls through the proxy, and calls each of the person’s ComfyUI servers at its address', async () => {
    storage = freshStorage()
    const asked: string[] = []
    vi.stubGlobal('location', { origin: 'http://localhost:5173' })
    vi.stubGlobal('fetch', async (url: string) => (asked.push(url), new Response('{}')))
    const remote = appRemoteAccess(storage)
    await remote.fetch('https://api.lumalabs.ai/dream-machine/v1/generations/abc')
    await remote.fetch('http://127.0.0.1:8188/queue')
    expect(await remote.servers?.('comfyui')).toEqual([{ url: 'http://127.0.0.1:8188', jobsAtOnce: 1 }])

    await storage.settings.update({ comfyuiServers: [{ url: 'http://gpu-box.local:8188/', jobsAtOnce: 2 }, { url: 'http://127.0.0.1:8190', jobsAtOnce: 1 }] })
    expect(await remote.servers?.('comfyui')).toEqual([{ url: 'http://gpu-box.local:8188', jobsAtOnce: 2 }, { url: 'http://127.0.0.1:8190', jobsAtOnce: 1 }])
    await remote.fetch('http://gpu-box.local:8188/history/1')
    await remote.fetch('http://127.0.0.1:8190/queue')
    // The default address is an ordinary host again once others are set: it goes to the proxy, which refuses it.
    await remote.fetch('http://127.0.0.1:8188/queue')
    expect(asked).toEqual([
      'http://localhost:5173/api-proxy/api.lumalabs.ai/dream-machine/v1/generations/abc',
      'http://127.0.0.1:8188/queue',
      'http://gpu-box.local:8188/history/1',
      'http://127.0.0.1:8190/queue',
      'http://localhost:5173/api-proxy/127.0.0.1:8188/queue',
    ])
  })
})
