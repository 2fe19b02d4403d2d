/**
 * Veo end to end: the built app in Chromium, its proxy pointed at the Veo contract server. The key
 * is entered in the dialog, the node says what the shot will cost, the run asks before spending,
 * and the take comes back through the proxy — its download link redirecting, as Google's may — with
 * Veo's own sound, paid for once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { ffmpegClip } from '../contract/remote'
import { startVeoServer, VEO_HOST, VEO_TEST_KEY, type VeoServer } from '../contract/veo-server'
import { pastePipeline } from './editor-document'
import { cachedOutputs, fromFileMenu, runRecords } from './editor-page'
import { openApp, skipPollWaits, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const closeUp: PipelineDoc = pipelineDoc({
  id: 'close-up-on-veo',
  name: 'Close-up on Veo',
  description: 'One close-up with its own sound, made on Veo 3.1.',
  nodes: [
    pipelineNode('prompt', 'prompt', { subject: 'an old fisherman', action: 'mends a net and hums', environment: 'a quay at dawn', camera: 'static close-up', lighting: 'low sun', mood: 'calm', durationS: 8 }),
    pipelineNode('close', 'generate-video', { provider: 'veo', takes: 1, height: 720, durationS: 8 }, { at: { x: 360, y: 0 } }),
  ],
  edges: [pipelineLink('prompt', 'prompt', 'close', 'prompt', 'l1')],
})

describe('Veo through the proxy', () => {
  let veo: VeoServer
  let app: OpenApp | undefined

  beforeAll(async () => {
    veo = await startVeoServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1, audio: true }))
    veo.redirectDownloads = true
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  afterAll(() => veo.close())

  it('shows the price on the node, asks before spending, and lands one take with its sound', async () => {
    app = await openApp('', { upstreams: { [VEO_HOST]: veo.origin }, pageClock: true })
    const { page } = app
    await page.locator('.react-flow__node').first().waitFor()
    await pastePipeline(page, closeUp)
    const node = page.locator('[data-node-id="close"]')
    // No key yet: the node cannot run, and says where keys go.
    await node.getByText(/^Cannot run: no Veo 3\.1 key: add yours in File → Provider keys/).waitFor()

    await fromFileMenu(page, 'Provider keys')
    const keys = page.getByRole('dialog', { name: 'Provider keys' })
    const row = keys.getByRole('listitem').filter({ hasText: 'Google Veo' })
    await row.getByLabel('Google Veo (Gemini API)').fill(VEO_TEST_KEY)
    await row.getByRole('button', { name: 'Save' }).click()
    await row.getByText('Key saved').waitFor()
    await keys.getByRole('button', { name: 'Close' }).click()

    await expect.poll(() => node.locator('.generate-plan__cost').textContent()).toMatch(/^about \$3\.20 for 1 take · veo-3\.1-generate-preview 720p: \$0\.40 per second × 8 s/)
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const ask = page.getByRole('dialog', { name: 'Spend on generation?' })
    await expect(ask.getByRole('listitem').allTextContents()).resolves.toEqual([expect.stringMatching(/^Veo 3\.11 take\$3\.20$/)])
    expect(veo.creates).toHaveLength(0)
    await ask.getByRole('button', { name: /^Run and spend up to/ }).click()

    // Veo is polled about every 10 s; the page skips those waits.
    await skipPollWaits(page, expect.poll(() => node.getAttribute('data-status'), { timeout: 150_000, interval: 100 }).toBe('done'))
    expect(veo.creates).toEqual([
      { model: 'veo-3.1-generate-preview', body: { instances: [{ prompt: 'An old fisherman mends a net and hums, a quay at dawn. Camera: static close-up. Lighting: low sun. Mood: calm.' }], parameters: { aspectRatio: '16:9', durationSeconds: 8, resolution: '720p' } } },
    ])
    await expect(node.locator('.generate-plan__takes').textContent()).resolves.toBe('1 take · 1 s in all')
    const [record] = await runRecords(page)
    const outputs = await cachedOutputs(page, record?.nodes.close?.cacheKey ?? '')
    expect(outputs?.takes).toEqual([expect.objectContaining({ kind: 'video', meta: expect.objectContaining({ provider: 'veo', width: 1280, hasAudio: true }) })])
  })
})
