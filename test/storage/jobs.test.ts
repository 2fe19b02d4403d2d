import { afterEach, describe, expect, it } from 'vitest'
import type { RemoteJob } from '../../src/engine'
import type { Storage } from '../../src/storage'
import { freshStorage } from './fixtures'

const output = { nodeType: 'generate-video', port: 'take', meta: { take: 2, seed: 7 } }

describe('the paid-job ledger', () => {
  let storage: Storage | undefined
  afterEach(() => storage?.close())

  it('keeps a job from before its submit to its result, across a reopen of the database', async () => {
    const first = freshStorage()
    const job: RemoteJob = { key: 'take-key', provider: 'runway', state: 'submitting', output, createdAt: 5, updatedAt: 5 }
    await first.jobs.put(job)
    await first.jobs.put({ ...job, state: 'pending', remoteId: 'task-9', updatedAt: 6 })
    first.db.close()
    const { openStorage } = await import('../../src/storage')
    storage = openStorage(first.db.name)
    expect(await storage.jobs.get('take-key')).toEqual({ ...job, state: 'pending', remoteId: 'task-9', updatedAt: 6 })
    expect(await storage.jobs.pending()).toHaveLength(1)
    await storage.jobs.delete('take-key')
    expect(await storage.jobs.pending()).toEqual([])
  })

  it('lists jobs oldest first and leaves a row it cannot read where it is', async () => {
    storage = freshStorage()
    await storage.jobs.put({ key: 'b', provider: 'luma', state: 'pending', remoteId: 'g-2', output, createdAt: 20, updatedAt: 20 })
    await storage.jobs.put({ key: 'a', provider: 'runway', state: 'pending', remoteId: 't-1', output, createdAt: 10, updatedAt: 10 })
    await storage.db.jobs.put({ id: 'from-a-newer-build', status: 'pending', provider: 'x', createdAt: 0 } as never)
    expect((await storage.jobs.pending()).map((job) => job.key)).toEqual(['a', 'b'])
    expect(await storage.db.jobs.count()).toBe(3)
  })
})

describe('API keys', () => {
  let storage: Storage | undefined
  afterEach(() => storage?.close())

  it('keeps one key per provider and says which providers have one without reading them out', async () => {
    storage = freshStorage()
    await storage.secrets.set('runway', '  key_live_0123456789  ')
    await storage.secrets.set('luma', 'luma-abcdefgh')
    expect(await storage.secrets.get('runway')).toBe('key_live_0123456789')
    expect((await storage.secrets.providersWithKeys()).sort()).toEqual(['luma', 'runway'])
    await storage.secrets.delete('luma')
    expect(await storage.secrets.get('luma')).toBeUndefined()
  })

  it('refuses what cannot be a key, without repeating it', async () => {
    storage = freshStorage()
    const pasted = 'Bearer key_live_0123456789'
    const refusal = await storage.secrets.set('runway', pasted).catch((error: Error) => error.message)
    expect(refusal).toBe('An API key has no spaces or line breaks: paste just the key.')
    await expect(storage.secrets.set('runway', 'abc')).rejects.toThrow('too short')
    expect(await storage.secrets.get('runway')).toBeUndefined()
  })
})
