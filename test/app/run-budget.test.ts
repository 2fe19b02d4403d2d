/**
 * The runner's budget (`npm run reelgraph -- run … --budget 5`, src/app/headless.ts) against the
 * Runway contract server, through the same pieces the runner uses: the pipeline's spending so far
 * from the jobs ledger, `startingBudget` before the run, and the executor given what is left.
 */
import 'fake-indexeddb/auto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startingBudget } from '../../src/document/run-budget'
import { runPipeline, type RemoteAccess } from '../../src/engine'
import { CURRENT_DOC_VERSION, type PipelineDoc, type PipelineNode } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { withoutPollWaits } from '../contract/poll-waits'
import { ffmpegClip, remoteVia } from '../contract/remote'
import { RUNWAY_MEDIA_ORIGIN, RUNWAY_TEST_KEY, startRunwayServer, type RunwayServer } from '../contract/runway-server'
import { registry } from '../engine/shipped-registry'
import { freshStorage } from '../storage/fixtures'

const node = (id: string, type: string, params: Record<string, unknown>): PipelineNode => ({ id, type, typeVersion: 1, position: { x: 0, y: 0 }, params })
const link = (from: string, fromPort: string, to: string, toPort: string) => ({ id: `${from}-${to}-${toPort}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort } })

/** Three shots, one Runway take each: $0.60 a take on gen4.5, $1.80 in all, priced before the run. */
const threeShots = (extra: { nodes?: PipelineNode[]; edges?: PipelineDoc['edges'] } = {}): PipelineDoc => ({
  format: 'reelgraph',
  version: CURRENT_DOC_VERSION,
  id: 'three-shots-on-runway',
  name: 'Three shots on Runway',
  description: 'A keeper, three actions, one take each.',
  nodes: [
    node('shots', 'text-list', { texts: ['action: climbs the ladder', 'action: lights the lamp', 'action: looks out to sea'] }),
    node('prompt', 'prompt', { subject: 'the keeper', action: '{action}', environment: 'a lighthouse at dusk', camera: 'static', lighting: 'low sun', mood: 'quiet', durationS: 5 }),
    node('takes', 'generate-video', { provider: 'runway', takes: 1, height: 720, durationS: 5 }),
    ...(extra.nodes ?? []),
  ],
  edges: [link('shots', 'texts', 'prompt', 'text'), link('prompt', 'prompt', 'takes', 'prompt'), ...(extra.edges ?? [])],
})

describe('a run under the pipeline’s budget, as the runner makes it', () => {
  let server: RunwayServer
  let storage: Storage
  beforeAll(async () => {
    server = await startRunwayServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
  })
  afterAll(() => server.close())
  afterEach(() => storage.close())

  const stores = (doc: PipelineDoc) => {
    const remote: RemoteAccess = remoteVia(server.origin, ['api.dev.runwayml.com', new URL(RUNWAY_MEDIA_ORIGIN).host], { runway: RUNWAY_TEST_KEY }, storage.jobs.forPipeline(doc.id))
    return { registry, results: storage.results, assets: storage.assets, remote }
  }

  it('does not start a run whose estimate passes the budget, says by how much, and sends nothing', async () => {
    storage = freshStorage()
    const doc = threeShots()
    const creates = server.creates.length
    const budget = await startingBudget(doc, stores(doc), { capUsd: 1, spentUsd: await storage.jobs.spentUsd(doc.id) })
    expect(budget).toEqual({ ok: false, refusal: 'This run could spend $1.80; the budget has $1.00 left — $0.80 over' })
    expect(server.creates.length).toBe(creates)
  })

  it('counts what the pipeline spent before, from the ledger', async () => {
    storage = freshStorage()
    const doc = threeShots()
    await storage.jobs.forPipeline(doc.id).charge({ id: 'an earlier take', provider: 'runway', priceUsd: 4.2, acceptedAt: 1 })
    const budget = await startingBudget(doc, stores(doc), { capUsd: 5, spentUsd: await storage.jobs.spentUsd(doc.id) })
    expect(budget).toEqual({ ok: false, refusal: 'This run could spend $1.80; the budget has $0.80 left — $1.00 over' })
    const roomy = await startingBudget(doc, stores(doc), { capUsd: 6, spentUsd: await storage.jobs.spentUsd(doc.id) })
    expect(roomy.ok && roomy.leftUsd()).toBeCloseTo(1.8, 6)
  })

  it('stops sending new paid takes at the cap; the take already sent finishes, is kept and charged', async () => {
    storage = freshStorage()
    // A look linked into the prompt (a reference made during the run) leaves the takes unpriced
    // until their prompts are made: the estimate fits, and the run meets the cap on the way.
    const look = await storage.assets.put(new Blob([new Uint8Array(ffmpegClip({ width: 2, height: 2, fps: 1, seconds: 1 }).subarray(0, 64))], { type: 'image/png' }), {
      kind: 'image',
      mime: 'image/png',
      meta: { name: 'dusk.png', width: 1280, height: 720 },
    })
    const doc = threeShots({ nodes: [node('look', 'reference-image', { images: [look], name: 'Dusk look', role: 'style', aspect: 'none' })], edges: [link('look', 'images', 'prompt', 'references')] })
    const deps = stores(doc)
    const budget = await startingBudget(doc, deps, { capUsd: 0.3, spentUsd: await storage.jobs.spentUsd(doc.id) })
    if (!budget.ok) throw new Error(budget.refusal)
    const creates = server.creates.length
    const record = await withoutPollWaits(() => runPipeline(doc, deps, { budget: { leftUsd: budget.leftUsd } }))
    // gen4_turbo with a reference: $0.25 a take, so one take fits under $0.30 and the next does not.
    expect(server.creates.length - creates).toBe(1)
    const items = Object.values(record.nodes.takes?.items ?? {})
    expect(items.filter((item) => item.status === 'done')).toMatchObject([{ costUsd: 0.25 }])
    const stopped = items.filter((item) => item.status === 'error').map((item) => item.error)
    expect(stopped).toHaveLength(2)
    for (const error of stopped) expect(error).toMatch(/^Budget reached: Runway would spend \$0\.25 here and the pipeline's budget has \$0\.05 left; nothing was sent/)
    // The take sent is in the cache, and the ledger holds its price, not the refused ones'.
    const kept = items.find((item) => item.status === 'done')
    expect((await storage.results.getMany([kept?.cacheKey ?? '']))[0]).toHaveProperty('takes')
    expect(await storage.jobs.spentUsd(doc.id)).toBeCloseTo(0.25, 6)
    expect(await storage.jobs.pending()).toEqual([])
  })
})
