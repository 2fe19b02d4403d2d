/**
 * Replicate and the shut-down Sora in the built app: a pipeline opened from a file makes its
 * close-up on Replicate through the proxy (pointed at the contract server), once, while the shot
 * that names Sora says on the node, in the inspector's provider choice and in its error that
 * Sora's API was shut down on 2026-09-24, and calls nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { serializePipeline, type PipelineDoc } from '../../src/graph'
import { ffmpegClip } from '../contract/remote'
import { REPLICATE_MEDIA_ORIGIN, REPLICATE_TEST_KEY, startReplicateServer, type ReplicateServer } from '../contract/replicate-server'
import { enterProviderKeys, fromFileMenu, node, run, select, waitForStatuses } from './editor-page'
import { openApp, skipPollWaits, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const prompt = (id: string, y: number, subject: string) =>
  pipelineNode(id, 'prompt', { subject, action: 'looks out to sea', environment: 'a harbour at dawn', camera: 'slow push in', lighting: 'low sun', mood: 'quiet', durationS: 5 }, { at: { x: 0, y } })

const doc: PipelineDoc = pipelineDoc({
  id: 'replicate-and-sora',
  name: 'Close-up on Replicate, an old Sora shot',
  nodes: [
    prompt('close-prompt', 0, 'the keeper’s face'),
    prompt('old-prompt', 360, 'the lighthouse'),
    pipelineNode('close', 'generate-video', { provider: 'replicate', takes: 1, height: 720, durationS: 5 }, { at: { x: 360, y: 0 } }),
    pipelineNode('old', 'generate-video', { provider: 'sora', takes: 1, height: 720, durationS: 8, aspect: '9:16' }, { at: { x: 360, y: 360 } }),
  ],
  edges: [
    pipelineLink('close-prompt', 'prompt', 'close', 'prompt', 'l1'),
    pipelineLink('old-prompt', 'prompt', 'old', 'prompt', 'l2'),
  ],
})

const SHUT_DOWN = /OpenAI shut down Sora’s API on 2026-09-24, so it makes no new takes: choose another provider for this shot\./

describe('Replicate, and Sora after its shutdown', () => {
  let replicate: ReplicateServer
  let app: OpenApp | undefined

  beforeAll(async () => {
    replicate = await startReplicateServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  afterAll(() => replicate.close())

  it('makes the close-up on Replicate once, and says on the Sora shot that its API was shut down', async () => {
    app = await openApp('', { upstreams: { 'api.replicate.com': replicate.origin, [new URL(REPLICATE_MEDIA_ORIGIN).host]: replicate.origin }, pageClock: true })
    const { page } = app
    await page.locator('.react-flow__node').first().waitFor()
    await fromFileMenu(page, 'Import')
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({ name: 'replicate-and-sora.reelgraph.json', mimeType: 'application/json', buffer: Buffer.from(serializePipeline(doc)) })
    await page.getByRole('heading', { level: 1, name: doc.name }).waitFor()
    const done = page.getByRole('button', { name: 'Done' })
    if (await done.isVisible()) await done.click()

    await enterProviderKeys(page, [['Replicate', REPLICATE_TEST_KEY]])

    await expect(node(page, 'old').getByRole('alert').textContent()).resolves.toMatch(SHUT_DOWN)
    await expect(node(page, 'close').locator('.generate-plan__cost').textContent()).resolves.toMatch(/^about \$0\.19 for 1 take/)

    await run(page)
    // Replicate is polled seconds apart; the page skips those waits.
    await skipPollWaits(page, waitForStatuses(page, { close: 'done', old: 'error' }, 150_000))
    expect(replicate.creates).toHaveLength(1)
    expect(replicate.creates[0]).toMatchObject({ duration: 5, resolution: '720p', aspect_ratio: '16:9' })

    // The fitted pipeline puts this node under the minimap's corner: hidden, it takes no click.
    await page.getByRole('button', { name: 'Hide minimap' }).click()
    await select(page, 'old')
    const inspector = page.getByRole('complementary', { name: 'Inspector' })
    const provider = inspector.getByLabel('Provider', { exact: true })
    await expect(provider.locator('option:checked').textContent()).resolves.toBe('OpenAI Sora (API shut down on 2026-09-24)')
    await page.screenshot({ path: 'test-results/sora-shut-down.png' })

    await select(page, 'close')
    // A node that does not hold the retired provider is not offered it at all.
    await expect(provider.locator('option[value="sora"]').count()).resolves.toBe(0)
    await expect(provider.locator('option[value="replicate"]').isDisabled()).resolves.toBe(false)
  })
})
