/*
 * The hostile spend corpus: every file in test/hostile/spend/ is a pipeline that tries to spend
 * without asking. Each is priced as Run prices it (`spendSummary`, limit $1), must ask when it says
 * it must, and is then run as Run runs it after a yes — held to the allowance that was asked about —
 * against stand-ins that take every Runway create and refuse every other paid call. What the run
 * records as spent, and the creates Runway saw, never exceed what the estimate said.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mustAsk, spendSummary } from '../../src/document/spend-summary'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore, runPipeline, type RemoteAccess, type RunRecord } from '../../src/engine'
import { ffmpegClip } from '../contract/remote'
import { registry } from '../engine/shipped-registry'
import { LIMIT_USD, type SpendCase } from './spend-case'

const folder = join(__dirname, 'spend')
const files = readdirSync(folder).filter((name) => name.endsWith('.ts')).sort()

/** A hundredth of a cent: the sums' rounding, never a take. */
const EPSILON = 1e-4

/** Runway takes every create and finishes it at once with a real clip; every other paid call is refused (402), as an empty account would. */
function standIns(keys: Record<string, string>, jobs = new MemoryJobLedger()): RemoteAccess & { runwayCreates: string[]; refusedCreates: string[] } {
  const clip = ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })
  const runwayCreates: string[] = []
  const refusedCreates: string[] = []
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  return {
    runwayCreates,
    refusedCreates,
    jobs,
    key: async (provider) => keys[provider],
    servers: async () => undefined,
    fetch: async (url, init) => {
      const target = new URL(url)
      const method = init?.method ?? 'GET'
      if (target.host === 'api.dev.runwayml.com' && method === 'POST') {
        runwayCreates.push(target.pathname)
        return json(200, { id: `task-${runwayCreates.length}` })
      }
      const task = /^\/v1\/tasks\/([^/]+)$/.exec(target.pathname)
      if (target.host === 'api.dev.runwayml.com' && task) {
        return json(200, { id: task[1], status: 'SUCCEEDED', createdAt: new Date(0).toISOString(), output: [`https://runway-outputs.cloudfront.net/${task[1]}.mp4`] })
      }
      if (target.host === 'runway-outputs.cloudfront.net') return new Response(new Uint8Array(clip), { headers: { 'content-type': 'video/mp4' } })
      if (method !== 'GET') refusedCreates.push(`${target.host}${target.pathname}`)
      return json(402, { error: 'this test account has no credit' })
    },
  }
}

describe('hostile pipelines that try to spend without asking', () => {
  it('has at least eight cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(8)
  })

  for (const file of files) {
    it(`${file}: asks when it must, and the run spends no more than was asked`, async () => {
      const spendCase = ((await import(join(folder, file))) as { default: SpendCase }).default
      const assets = new MemoryAssetStore()
      const results = new MemoryResultStore()
      const { doc, atLeastUsd } = await spendCase.build({ registry, assets, results })
      const remote = standIns(spendCase.keys)
      const summary = await spendSummary(doc, { registry, results, assets, remote })

      expect(mustAsk(summary, LIMIT_USD), spendCase.title).toBe(spendCase.asks)
      if (atLeastUsd !== undefined) expect(summary.totalUsd).toBeGreaterThanOrEqual(atLeastUsd - EPSILON)

      // Run as Run runs it once the person has said yes to what was asked.
      const spend = { allowance: new Map(Object.entries(summary.allowance)), approved: new Set(summary.approvals.map((approval) => approval.id)) }
      const records: RunRecord[] = await Promise.all(Array.from({ length: spendCase.runsAtOnce ?? 1 }, () => runPipeline(doc, { registry, results, assets, remote }, { spend })))
      const spent = records.flatMap((record) => Object.entries(record.nodes).map(([nodeId, entry]) => ({ nodeId, usd: entry.costUsd ?? 0 })))
      for (const { nodeId, usd } of spent) expect(usd, `${nodeId} spent more than its estimate`).toBeLessThanOrEqual((summary.allowance[nodeId] ?? 0) + EPSILON)
      const total = spent.reduce((sum, entry) => sum + entry.usd, 0)
      expect(total).toBeLessThanOrEqual(summary.totalUsd + EPSILON)
      if (!spendCase.asks) expect(total).toBeLessThanOrEqual(LIMIT_USD)
      const runwayTakes = summary.calls.filter((call) => call.provider === 'runway' && call.estimatedUsd !== undefined).reduce((sum, call) => sum + call.units, 0)
      expect(remote.runwayCreates.length, 'Runway creates').toBeLessThanOrEqual(runwayTakes)
    })
  }
})
