import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CACHE_BUDGET_BYTES, openStorage, type Storage } from '../../src/storage'
import { freshDatabaseName, freshStorage } from './fixtures'

describe('SettingsStore', () => {
  let storage: Storage
  afterEach(() => storage.close())

  it('starts from defaults: a 2 GiB cache budget and no last pipeline', async () => {
    storage = freshStorage()
    expect(DEFAULT_CACHE_BUDGET_BYTES).toBe(2 * 1024 ** 3)
    expect(await storage.settings.get()).toEqual({ cacheBudgetBytes: DEFAULT_CACHE_BUDGET_BYTES, theme: 'system', confirmRunsAboveUsd: 1 })
  })

  it('keeps updates across a reopen', async () => {
    const name = freshDatabaseName()
    storage = openStorage(name)
    expect(await storage.settings.update({ lastPipelineId: 'p1' })).toEqual({
      cacheBudgetBytes: DEFAULT_CACHE_BUDGET_BYTES,
      lastPipelineId: 'p1',
      theme: 'system',
      confirmRunsAboveUsd: 1,
    })
    await storage.settings.update({ cacheBudgetBytes: 1024 })
    storage.close()

    storage = openStorage(name)
    expect(await storage.settings.get()).toEqual({ cacheBudgetBytes: 1024, lastPipelineId: 'p1', theme: 'system', confirmRunsAboveUsd: 1 })
  })

  it('refuses invalid values with a sentence, and keeps the old ones', async () => {
    storage = freshStorage()
    await expect(storage.settings.update({ cacheBudgetBytes: -1 })).rejects.toThrow(
      'Settings not saved. The cache budget cannot be negative.',
    )
    await expect(storage.settings.update({ cacheBudgetBytes: 1.5 })).rejects.toThrow(
      'Settings not saved. The cache budget must be a whole number of bytes.',
    )
    await expect(storage.settings.update({ lastPipelineId: '' })).rejects.toThrow('Settings not saved.')
    expect(await storage.settings.get()).toEqual({ cacheBudgetBytes: DEFAULT_CACHE_BUDGET_BYTES, theme: 'system', confirmRunsAboveUsd: 1 })
  })

  it('reads one ComfyUI address saved before several servers as a list of that server, with its jobs at once', async () => {
    storage = freshStorage()
    await storage.db.settings.put({ key: 'app', value: { comfyuiUrl: 'http://gpu-box.local:8188/', providerConcurrency: { comfyui: 2, runway: 3 } } })
    expect((await storage.settings.get()).comfyuiServers).toEqual([{ url: 'http://gpu-box.local:8188', jobsAtOnce: 2 }])
    await storage.db.settings.put({ key: 'app', value: { comfyuiUrl: 'http://127.0.0.1:8190' } })
    const settings = await storage.settings.get()
    expect(settings.comfyuiServers).toEqual([{ url: 'http://127.0.0.1:8190', jobsAtOnce: 1 }])
    expect(settings).not.toHaveProperty('comfyuiUrl')
    // A list already there wins over a stale single address.
    await storage.db.settings.put({ key: 'app', value: { comfyuiUrl: 'http://old:8188', comfyuiServers: [{ url: 'http://a:8188', jobsAtOnce: 1 }] } })
    expect((await storage.settings.get()).comfyuiServers).toEqual([{ url: 'http://a:8188', jobsAtOnce: 1 }])
  })

  it('refuses a ComfyUI server list with a bad address, a server twice, or no jobs at once, in words', async () => {
    storage = freshStorage()
    await expect(storage.settings.update({ comfyuiServers: [{ url: 'gpu-box:8188/api', jobsAtOnce: 1 }] })).rejects.toThrow('The ComfyUI address must be like http://127.0.0.1:8188')
    await expect(storage.settings.update({ comfyuiServers: [{ url: 'http://a:8188', jobsAtOnce: 1 }, { url: 'http://a:8188/', jobsAtOnce: 2 }] })).rejects.toThrow('Each ComfyUI server is listed once.')
    await expect(storage.settings.update({ comfyuiServers: [{ url: 'http://a:8188', jobsAtOnce: 0 }] })).rejects.toThrow('A ComfyUI server must be given at least one job at once.')
    expect((await storage.settings.get()).comfyuiServers).toBeUndefined()
  })

  it('falls back to the default for a damaged field alone', async () => {
    storage = freshStorage()
    await storage.db.settings.put({ key: 'app', value: { cacheBudgetBytes: 'lots', lastPipelineId: 'p1' } })
    expect(await storage.settings.get()).toEqual({ cacheBudgetBytes: DEFAULT_CACHE_BUDGET_BYTES, lastPipelineId: 'p1', theme: 'system', confirmRunsAboveUsd: 1 })

    await storage.db.settings.put({ key: 'app', value: 'not settings' })
    expect(await storage.settings.get()).toEqual({ cacheBudgetBytes: DEFAULT_CACHE_BUDGET_BYTES, theme: 'system', confirmRunsAboveUsd: 1 })
  })

  it('remembers the theme, and refuses one it does not know', async () => {
    storage = freshStorage()
    expect((await storage.settings.update({ theme: 'light' })).theme).toBe('light')
    expect((await storage.settings.get()).theme).toBe('light')
    await expect(storage.settings.update({ theme: 'sepia' as 'light' })).rejects.toThrow('The theme must be system, light or dark.')
    await storage.db.settings.put({ key: 'app', value: { theme: 'sepia', cacheBudgetBytes: 1024 } })
    expect(await storage.settings.get()).toEqual({ cacheBudgetBytes: 1024, theme: 'system', confirmRunsAboveUsd: 1 })
  })

  it('keeps the limit a run may spend without asking, and refuses a negative one', async () => {
    storage = freshStorage()
    expect((await storage.settings.update({ confirmRunsAboveUsd: 5 })).confirmRunsAboveUsd).toBe(5)
    await expect(storage.settings.update({ confirmRunsAboveUsd: -1 })).rejects.toThrow('The spending limit cannot be negative.')
    expect((await storage.settings.get()).confirmRunsAboveUsd).toBe(5)
  })

  it('keeps each provider’s jobs-at-once across a reopen, and refuses a figure no plan has', async () => {
    const name = freshDatabaseName()
    storage = openStorage(name)
    await storage.settings.update({ providerConcurrency: { runway: 3, kling: 5 } })
    await expect(storage.settings.update({ providerConcurrency: { runway: 0 } })).rejects.toThrow(
      'Settings not saved. A provider must be allowed at least one job at once.',
    )
    await expect(storage.settings.update({ providerConcurrency: { luma: 2.5 } })).rejects.toThrow('Jobs at once must be a whole number.')
    storage.close()

    storage = openStorage(name)
    expect((await storage.settings.get()).providerConcurrency).toEqual({ runway: 3, kling: 5 })
  })
})
