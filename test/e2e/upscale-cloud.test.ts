/**
 * A cloud upscale end to end: the built app in Chromium, its proxy pointed at contract servers for
 * Runway (which makes the shot) and Topaz (which upscales it). The clip goes up to Topaz's storage
 * through the proxy, the request is paid once, the upscale lands in the asset store, and the node
 * shows what it made and what it cost.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { ffmpegClip } from '../contract/remote'
import { RUNWAY_MEDIA_ORIGIN, RUNWAY_TEST_KEY, startRunwayServer, type RunwayServer } from '../contract/runway-server'
import { startTopazServer, TOPAZ_STORAGE_ORIGIN, TOPAZ_TEST_KEY, type TopazServer } from '../contract/topaz-server'
import { pastePipeline } from './editor-document'
import { enterProviderKeys } from './editor-page'
import { openApp, skipPollWaits, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const shotThenUpscale: PipelineDoc = pipelineDoc({
  id: 'shot-upscaled',
  name: 'Shot upscaled on Topaz',
  description: 'A shot made on Runway, upscaled ×2 on Topaz.',
  nodes: [
    pipelineNode('prompt', 'prompt', { subject: 'a lighthouse', camera: 'static', durationS: 5 }),
    pipelineNode('shot', 'generate-video', { provider: 'runway', takes: 1, height: 720, durationS: 5 }, { at: { x: 320, y: 0 } }),
    pipelineNode('pick', 'take-picker', { selected: [0] }, { at: { x: 640, y: 0 } }),
    pipelineNode('up', 'upscale', { method: 'topaz', scale: 2 }, { at: { x: 960, y: 0 } }),
  ],
  edges: [
    pipelineLink('prompt', 'prompt', 'shot', 'prompt', 'l1'),
    pipelineLink('shot', 'takes', 'pick', 'takes', 'l2'),
    pipelineLink('pick', 'video', 'up', 'media', 'l3'),
  ],
})

describe('cloud upscale through the proxy', () => {
  let runway: RunwayServer
  let topaz: TopazServer
  let app: OpenApp | undefined

  beforeAll(async () => {
    runway = await startRunwayServer(ffmpegClip({ width: 640, height: 360, fps: 24, seconds: 1 }))
    topaz = await startTopazServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
    // Topaz keeps results for days; here its link must outlive the page's clock running ahead (skipPollWaits).
    topaz.linkLifetimeMs = 24 * 3_600_000
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  afterAll(async () => {
    await Promise.all([runway.close(), topaz.close()])
  })

  it('uploads the shot to Topaz, pays once, and shows the upscale with its price', async () => {
    app = await openApp('', {
      upstreams: {
        'api.dev.runwayml.com': runway.origin,
        [new URL(RUNWAY_MEDIA_ORIGIN).host]: runway.origin,
        'api.topazlabs.com': topaz.origin,
        [new URL(TOPAZ_STORAGE_ORIGIN).host]: topaz.origin,
      },
      pageClock: true,
    })
    const { page } = app
    await page.locator('.react-flow__node').first().waitFor()
    await pastePipeline(page, shotThenUpscale)

    await enterProviderKeys(page, [['Runway', RUNWAY_TEST_KEY], ['Topaz Labs (upscale)', TOPAZ_TEST_KEY]])

    const up = page.locator('[data-node-id="up"]')
    await expect.poll(() => up.locator('.upscale-plan .generate-plan__cost').textContent()).toMatch(/^Priced during the run · its clip is made during the run/)
    // Its price is not known before the take is made: Run asks, makes the take, and stops before the upscale.
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const ask = page.getByRole('dialog', { name: 'Spend on generation?' })
    await ask.locator('[data-field="unpriced"]').getByText('Topaz').first().waitFor()
    await ask.getByRole('button', { name: /^Run and spend up to \$0\.\d\d for now$/ }).click()
    // Runway is polled about every 6 s until the take is made; the page skips those waits.
    await skipPollWaits(page, expect.poll(() => up.getAttribute('data-status'), { timeout: 120_000, interval: 100 }).toBe('error'))
    await expect(up.textContent()).resolves.toContain('nothing was sent; press Run again')
    expect(topaz.creates).toHaveLength(0)
    // Now priced on the take itself, under the limit: Run goes on without asking.
    await expect.poll(() => up.locator('.upscale-plan .generate-plan__cost strong').textContent()).toBe('about $0.01 for 1 upscale')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    // Topaz is polled every 10 s, and its request passes through five states; the page skips the waits between.
    await skipPollWaits(page, expect.poll(() => up.getAttribute('data-status'), { timeout: 240_000, interval: 100 }).toBe('done'))
    expect(topaz.accepts).toHaveLength(1)
    expect(topaz.creates[0]).toMatchObject({ source: { resolution: { width: 640, height: 360 } }, output: { resolution: { width: 1280, height: 720 } } })
    await expect(up.locator('.upscale-plan__size').textContent()).resolves.toBe('640×360 → 1280×720 · 1.0 s')
    // The plan asks the cache again once the run has stored the upscale.
    await expect.poll(() => up.locator('.upscale-plan .generate-plan__cost').textContent()).toBe('In the cache: a run pays nothing for it')
    if (process.env.REELGRAPH_KEEP) {
      await mkdir(process.env.REELGRAPH_KEEP, { recursive: true })
      // Zoomed in on the node, so its words can be read in the picture.
      await up.hover()
      for (let step = 0; step < 4; step++) await page.mouse.wheel(0, -400)
      await page.waitForTimeout(500)
      await up.screenshot({ path: join(process.env.REELGRAPH_KEEP, 'upscale-topaz.png') })
    }
  })
})
