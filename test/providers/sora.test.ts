import { describe, expect, it } from 'vitest'
import { CURRENT_DOC_VERSION } from '../../src/graph'
import { cacheKey, loadPipeline, MemoryAssetStore, MemoryJobLedger, MemoryResultStore, planRun, runPipeline, type RemoteAccess } from '../../src/engine'
import type { PipelineDoc } from '../../src/graph'
import { spendSummary } from '../../src/document/spend-summary'
import { memorySpendDeps } from '../app/spend-kit'
import { generate, type GenerationRequest } from '../../src/providers/provider'
import { providerFor, RETIRED_PROVIDER_IDS } from '../../src/providers/registry'
import { resumePendingJobs } from '../../src/providers/resume'
import { registry } from '../engine/shipped-registry'

const SHUT_DOWN = 'OpenAI shut down Sora’s API on 2026-09-24, so it makes no new takes: choose another provider for this shot. Takes Sora made before are still used from the cache.'

/** Remote access that records every call and lets none through: Sora must never reach for it. */
function noNetwork(jobs = new MemoryJobLedger()): RemoteAccess & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    jobs,
    key: async (provider) => {
      calls.push(`key ${provider}`)
      return 'sk-test-sora'
    },
    fetch: async (url) => {
      calls.push(url)
      throw new Error('no network in this test')
    },
  }
}

// 25 fps is none that Sora's old limits list: a take already made is used whatever they said.
const shotParams = { provider: 'sora', durationS: 8, aspect: '9:16', height: 720, fps: 25, seed: 4, takes: 1 }

function soraDoc(takes: number): PipelineDoc {
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: 'made-on-sora',
    name: 'A shot made on Sora in 2026',
    description: '',
    nodes: [
      { id: 'prompt', type: 'prompt', typeVersion: 1, position: { x: 0, y: 0 }, params: { subject: 'a ferry', action: 'leaves the pier at dusk', durationS: 8 } },
      { id: 'shot', type: 'generate-video', typeVersion: 1, position: { x: 300, y: 0 }, params: { ...shotParams, takes } },
    ],
    edges: [{ id: 'l1', from: { node: 'prompt', port: 'prompt' }, to: { node: 'shot', port: 'prompt' } }],
  }
}

const request: GenerationRequest = { prompt: { text: 'a ferry leaves the pier', fields: {} }, references: [], durationS: 8, aspect: '9:16', height: 720, fps: 24, seed: 4 }

describe('OpenAI Sora, shut down on 2026-09-24', () => {
  it('refuses a new take with the date and a way forward, before recording a job or calling anything', async () => {
    const remote = noNetwork()
    const ledger = { jobs: remote.jobs, key: 'take-1', output: { nodeType: 'generate-video', port: 'take', meta: {} } }
    await expect(generate(providerFor('sora', remote), request, { ledger })).rejects.toThrow(SHUT_DOWN)
    expect(remote.calls).toEqual([])
    expect(await remote.jobs.pending()).toEqual([])
    expect(providerFor('sora').estimateCost(request)).toEqual({ amount: 0, currency: 'USD', basis: 'nothing: Sora’s API was shut down on 2026-09-24' })
  })

  it('drops a Sora job left in the ledger from before the shutdown, saying why, without calling anything', async () => {
    const remote = noNetwork()
    const now = Date.now()
    await remote.jobs.put({ key: 'old-take', provider: 'sora', state: 'pending', remoteId: 'video_68d7a1', output: { nodeType: 'generate-video', port: 'take', meta: {} }, createdAt: now, updatedAt: now })
    const report = await resumePendingJobs(remote, { assets: new MemoryAssetStore(), results: new MemoryResultStore() })
    expect(report).toEqual({ landed: 0, problems: [`OpenAI Sora could not make this take: ${SHUT_DOWN}`] })
    expect(await remote.jobs.pending()).toEqual([])
    expect(remote.calls).toEqual([])
  })

  it('still opens a document that names it, valid, with its params as they were', () => {
    const loaded = loadPipeline(JSON.stringify(soraDoc(1)), registry)
    expect(loaded.ok && loaded.issues).toEqual([])
    expect(loaded.ok && loaded.doc.nodes[1]?.params).toEqual(shotParams)
    expect(planRun(soraDoc(1), registry).ok).toBe(true)
  })

  it('is not offered for a new choice, and says when it was shut down where providers are listed', async () => {
    expect(RETIRED_PROVIDER_IDS).toEqual(['sora'])
    const meta = registry.get('generate-video')?.params.shape.provider?.meta()
    expect(meta).toMatchObject({ closedOptions: ['sora'], optionLabels: { sora: 'OpenAI Sora (API shut down on 2026-09-24)', runway: 'Runway' } })
    // It makes nothing new, so a run asks nothing for it: its node says why.
    const summary = await spendSummary(soraDoc(2), memorySpendDeps(registry, { openai: 'a key' }))
    expect(summary.calls).toEqual([])
    expect(summary.totalUsd).toBe(0)
  })

  it('uses a take Sora made before from the cache, and fails only the take it cannot make, keeping the first', async () => {
    const assets = new MemoryAssetStore()
    const results = new MemoryResultStore()
    const take = await assets.put(new Blob([new Uint8Array([0, 0, 0, 24])], { type: 'video/mp4' }), { kind: 'video', meta: { provider: 'sora', take: 1, width: 720, height: 1280 } })
    // The first take, paid for on Sora before the shutdown, in the cache as the node stored it.
    const planned = planRun(soraDoc(1), registry)
    if (!planned.ok) throw new Error('the Sora document should plan')
    const step = planned.plan.steps.find((candidate) => candidate.node.id === 'shot')
    if (!step) throw new Error('no step for the shot')
    const { takes: _takes, ...shot } = shotParams
    await results.put(cacheKey({ type: 'generate-video', typeVersion: 1, params: { ...shot, take: 0 }, inputs: step.inputKeys }), { outputs: { take } })

    const remote = noNetwork()
    const one = await runPipeline(soraDoc(1), { registry, results, assets, remote })
    expect(one.nodes.shot).toMatchObject({ status: 'done', parts: { reused: 1, made: 0 } })
    const stored = await results.getMany([one.nodes.shot?.cacheKey ?? ''])
    expect(stored[0]?.takes).toEqual([take])

    const two = await runPipeline(soraDoc(2), { registry, results, assets, remote })
    expect(two.nodes.shot).toMatchObject({ status: 'error', error: SHUT_DOWN, parts: { reused: 1, made: 0 } })
    expect(remote.calls).toEqual([])
    expect(await assets.get(take)).toBeInstanceOf(Blob)
  })
})
