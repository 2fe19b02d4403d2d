import { unzipSync } from 'fflate'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { writeBundle } from '../../src/document/bundle'
import { shareLinkFor } from '../../src/document/share'
import { runPipeline, type NodeEvent } from '../../src/engine'
import { serializePipeline, type PipelineDoc, CURRENT_DOC_VERSION } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { remoteVia } from '../contract/remote'
import { RUNWAY_MEDIA_ORIGIN, startRunwayServer, type RunwayServer } from '../contract/runway-server'
import { registry } from '../engine/shipped-registry'
import { freshStorage } from '../storage/fixtures'

/** A key the contract server does not accept, so the run ends in the provider's refusal. */
const KEY = 'key_live_5e6f7a8b9c0d1e2f'

const doc: PipelineDoc = {
  format: 'reelgraph',
  version: CURRENT_DOC_VERSION,
  id: 'keys-stay-home',
  name: 'Close-up on Runway',
  description: 'A shot generated on a cloud provider',
  nodes: [
    { id: 'prompt', type: 'prompt', typeVersion: 1, position: { x: 0, y: 0 }, params: { subject: 'a lighthouse keeper', action: 'climbs the stairs', durationS: 5 } },
    { id: 'shot', type: 'generate-video', typeVersion: 1, position: { x: 300, y: 0 }, params: { provider: 'runway', durationS: 5, height: 720, takes: 1 } },
  ],
  edges: [{ id: 'l1', from: { node: 'prompt', port: 'prompt' }, to: { node: 'shot', port: 'prompt' } }],
}

describe('API keys stay in the secrets table', () => {
  let server: RunwayServer
  let storage: Storage
  beforeAll(async () => {
    server = await startRunwayServer(Buffer.alloc(0))
  })
  afterAll(() => server.close())
  afterEach(() => storage.close())

  it('are not in an export, a bundle, a share link, a run record, an event or a console line', async () => {
    storage = freshStorage()
    await storage.secrets.set('runway', KEY)
    await storage.pipelines.create(doc)
    const printed: string[] = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')))
    }
    const events: NodeEvent[] = []
    const remote = remoteVia(server.origin, ['api.dev.runwayml.com', new URL(RUNWAY_MEDIA_ORIGIN).host], {}, storage.jobs)
    remote.key = (provider) => storage.secrets.get(provider)
    const record = await runPipeline(doc, { registry, results: storage.results, assets: storage.assets, remote }, { onEvent: (event) => events.push(event) })
    await storage.runs.add(record)
    vi.restoreAllMocks()

    // The key was used, and refused: the run really went as far as the provider.
    expect(record.nodes.shot?.error).toBe('Runway refused the API key: check it in File → Provider keys.')
    const saved = await storage.pipelines.get(doc.id)
    const bundle = unzipSync(new Uint8Array(await (await writeBundle(doc, storage.assets)).arrayBuffer()))
    const link = shareLinkFor(doc, 'http://localhost:5173/')
    const everywhere = [
      serializePipeline(doc),
      JSON.stringify(saved),
      ...Object.values(bundle).map((bytes) => new TextDecoder().decode(bytes)),
      link.ok ? decodeURIComponent(link.url) : link.message,
      JSON.stringify(await storage.runs.recent(doc.id)),
      JSON.stringify(events),
      printed.join('\n'),
      JSON.stringify(await storage.jobs.pending()),
    ]
    for (const place of everywhere) expect(place).not.toContain(KEY)
  })
})
