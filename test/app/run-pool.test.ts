import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { runPool } from '../../src/providers/run-pool'
import { defineNode, MemoryAssetStore, MemoryResultStore, NodeRegistry, port, runPipeline, type ResourcePool } from '../../src/engine'
import type { Storage } from '../../src/storage'
import { doc, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

/**
 * Cloud jobs held open until the test lets them finish, each taking a slot of its provider as
 * generate-video does; what was running whenever one started is kept.
 */
function cloudJobs() {
  const running = new Map<string, string>()
  const holding: (() => void)[] = []
  const seen: Record<string, number>[] = []
  const count = () => {
    const byProvider: Record<string, number> = {}
    for (const provider of running.values()) byProvider[provider] = (byProvider[provider] ?? 0) + 1
    return byProvider
  }
  const job = defineNode({
    type: 'cloud-job',
    version: 1,
    title: 'Cloud job',
    category: 'Test',
    inputs: {},
    outputs: { value: port.number() },
    params: z.object({ provider: z.string(), shot: z.number() }),
    resources: (params) => [`provider:${params.provider}`],
    async run({ params, ctx }) {
      running.set(ctx.nodeId, params.provider)
      seen.push(count())
      await new Promise<void>((resolve) => holding.push(resolve))
      running.delete(ctx.nodeId)
      return { value: params.shot }
    },
  })
  return { registry: new NodeRegistry([job]), holding, seen }
}

/** Runs shots on each provider, letting held jobs finish until the run is over. */
async function runShots(pool: ResourcePool, shots: Record<string, number>) {
  const jobs = cloudJobs()
  const nodes = Object.entries(shots).flatMap(([provider, count]) =>
    Array.from({ length: count }, (_, shot) => node(`${provider}-${shot}`, 'cloud-job', { provider, shot })),
  )
  let over = false
  const run = runPipeline(doc(nodes), { registry: jobs.registry, results: new MemoryResultStore(), assets: new MemoryAssetStore(), pool }).finally(() => (over = true))
  while (!over) {
    await vi.waitFor(() => expect(jobs.holding.length > 0 || over).toBe(true), { timeout: 30_000 })
    for (const finish of jobs.holding.splice(0)) finish()
  }
  const record = await run
  expect(record.status).toBe('done')
  const peak = (provider: string) => Math.max(...jobs.seen.map((moment) => moment[provider] ?? 0))
  return { seen: jobs.seen, peak }
}

describe('per-provider jobs at once, from the settings', () => {
  let storage: Storage
  afterEach(() => storage.close())

  it('runs at most two of a provider set to 2, while another provider runs beside them', async () => {
    storage = freshStorage()
    await storage.settings.update({ providerConcurrency: { runway: 2 } })
    const { seen, peak } = await runShots(await runPool(storage.settings), { runway: 5, luma: 3 })
    expect(peak('runway')).toBe(2)
    // Luma keeps its own default of one, and its job runs while Runway's two do.
    expect(peak('luma')).toBe(1)
    expect(seen).toContainEqual({ runway: 2, luma: 1 })
  })

  it('holds a provider to its default when the person set nothing (Runway tier 1: one)', async () => {
    storage = freshStorage()
    const { peak } = await runShots(await runPool(storage.settings), { runway: 3, elevenlabs: 4 })
    expect(peak('runway')).toBe(1)
    expect(peak('elevenlabs')).toBe(2)
  })

  it('runs as many ComfyUI takes at once as its servers’ jobs at once add up to (one for ComfyUI’s default address)', async () => {
    storage = freshStorage()
    expect((await runShots(await runPool(storage.settings), { comfyui: 4 })).peak('comfyui')).toBe(1)
    await storage.settings.update({ comfyuiServers: [{ url: 'http://gpu-a:8188', jobsAtOnce: 2 }, { url: 'http://gpu-b:8188', jobsAtOnce: 1 }] })
    expect((await runShots(await runPool(storage.settings), { comfyui: 6 })).peak('comfyui')).toBe(3)
  })
})
