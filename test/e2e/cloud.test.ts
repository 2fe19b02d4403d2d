/**
 * Cloud back ends end to end: the built app in Chromium, its proxy pointed at contract servers that
 * speak Runway's, Luma's and ElevenLabs' APIs. Keys are entered in the dialog, the run shows what it
 * may spend and waits for a yes, the close-up is made on one provider and the wide shot on another,
 * the dialogue is spoken, and the cut carries it.
 */
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { ELEVENLABS_TEST_KEY, startElevenLabsServer, type ElevenLabsServer } from '../contract/elevenlabs-server'
import { LUMA_MEDIA_ORIGIN, LUMA_TEST_KEY, startLumaServer, type LumaServer } from '../contract/luma-server'
import { ffmpegClip, ffmpegMp3 } from '../contract/remote'
import { RUNWAY_MEDIA_ORIGIN, RUNWAY_TEST_KEY, startRunwayServer, type RunwayServer } from '../contract/runway-server'
import { pastePipeline } from './editor-document'
import { openApp, skipPollWaits, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'
import { enterProviderKeys } from './editor-page'

const shot = (id: string, y: number, subject: string, camera: string) =>
  pipelineNode(id, 'prompt', { subject, action: 'waits for the boat', environment: 'a harbour at dawn', camera, lighting: 'low sun', mood: 'quiet', durationS: 5 }, { at: { x: 0, y } })

const twoProviders: PipelineDoc = pipelineDoc({
  id: 'close-and-wide',
  name: 'Close-up and wide shot',
  description: 'The close-up on Runway, the wide shot on Luma, the line spoken by ElevenLabs.',
  nodes: [
    shot('close-prompt', 0, 'the keeper’s face', 'static'),
    shot('wide-prompt', 320, 'the harbour', 'pan left'),
    pipelineNode('close', 'generate-video', { provider: 'runway', takes: 1, height: 720, durationS: 5 }, { at: { x: 320, y: 0 } }),
    pipelineNode('wide', 'generate-video', { provider: 'luma', takes: 1, height: 720, durationS: 5 }, { at: { x: 320, y: 320 } }),
    pipelineNode('line', 'speech', { text: 'The boat is late again.' }, { at: { x: 0, y: 640 } }),
    pipelineNode('cut', 'sequence', {}, { at: { x: 640, y: 160 } }),
    pipelineNode('scene', 'replace-audio', {}, { at: { x: 960, y: 320 } }),
  ],
  edges: [
    pipelineLink('close-prompt', 'prompt', 'close', 'prompt', 'l1'),
    pipelineLink('wide-prompt', 'prompt', 'wide', 'prompt', 'l2'),
    pipelineLink('close', 'takes', 'cut', 'clips', 'l3'),
    pipelineLink('wide', 'takes', 'cut', 'clips', 'l4'),
    pipelineLink('cut', 'video', 'scene', 'video', 'l5'),
    pipelineLink('line', 'audio', 'scene', 'audio', 'l6'),
  ],
})

/** The camera names no framing until a linked text fills in `{framing}`: “close-up”, which a rule sends to Runway. */
function routedByVariable(takes: number): PipelineDoc {
  return pipelineDoc({
    id: `routed-by-variable-${takes}`,
    name: 'Routed by a variable',
    description: 'A shared pipeline whose framing arrives through a variable.',
    nodes: [
      pipelineNode('framing', 'text', { text: 'framing: close-up' }),
      { ...shot('prompt', 200, 'the keeper’s face', '{framing}, dolly in') },
      pipelineNode('shot', 'generate-video', { provider: 'animatic', takes, height: 720, route: [{ framing: 'close-up', provider: 'runway' }] }, { at: { x: 320, y: 200 } }),
    ],
    edges: [
      pipelineLink('framing', 'text', 'prompt', 'vars', 'v1'),
      pipelineLink('prompt', 'prompt', 'shot', 'prompt', 'v2'),
    ],
  })
}

describe('cloud providers through the proxy', () => {
  let runway: RunwayServer
  let luma: LumaServer
  let elevenLabs: ElevenLabsServer
  let app: OpenApp | undefined

  beforeAll(async () => {
    const clip = ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })
    runway = await startRunwayServer(clip)
    luma = await startLumaServer(clip)
    elevenLabs = await startElevenLabsServer({ speech: ffmpegMp3(220, 2), effect: ffmpegMp3(880, 1), music: ffmpegMp3(440, 3) })
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  afterAll(async () => {
    await Promise.all([runway.close(), luma.close(), elevenLabs.close()])
  })

  it('asks before spending, then makes each shot on its own provider, once, with the spoken line under the cut', async () => {
    app = await openApp('', {
      upstreams: {
        'api.dev.runwayml.com': runway.origin,
        [new URL(RUNWAY_MEDIA_ORIGIN).host]: runway.origin,
        'api.lumalabs.ai': luma.origin,
        [new URL(LUMA_MEDIA_ORIGIN).host]: luma.origin,
        'api.elevenlabs.io': elevenLabs.origin,
      },
      pageClock: true,
    })
    const { page } = app
    await page.locator('.react-flow__node').first().waitFor()
    await pastePipeline(page, twoProviders)

    await enterProviderKeys(page, [['Runway', RUNWAY_TEST_KEY], ['Luma', LUMA_TEST_KEY], ['ElevenLabs', ELEVENLABS_TEST_KEY]])

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const ask = page.getByRole('dialog', { name: 'Spend on generation?' })
    await expect(ask.textContent()).resolves.toMatch(/may spend up to \$1\.3\d/)
    await expect(ask.getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^ElevenLabs1 sound\$0\.01$/),
      expect.stringMatching(/^Runway1 take\$0\.60$/),
      expect.stringMatching(/^Luma1 take\$0\.71$/),
    ])
    expect(runway.creates.length + luma.creates.length + elevenLabs.requests.length).toBe(0)
    await ask.getByRole('button', { name: /^Run and spend up to/ }).click()

    // Runway and Luma are polled seconds apart; the page skips those waits.
    await skipPollWaits(
      page,
      expect
        .poll(() => statuses(page, ['close', 'wide', 'line', 'cut', 'scene']), { timeout: 150_000, interval: 100 })
        .toEqual(['done', 'done', 'done', 'done', 'done']),
    )
    expect(runway.creates).toHaveLength(1)
    expect(runway.creates[0]).toMatchObject({ model: 'gen4.5', ratio: '1280:720', duration: 5 })
    expect(luma.creates).toHaveLength(1)
    expect(elevenLabs.requests.map((request) => request.body.text)).toEqual(['The boat is late again.'])
    // The paid jobs were collected, so nothing is left to resume.
    const pendingJobs = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('reelgraph')
          open.onerror = () => reject(open.error)
          open.onsuccess = () => {
            const count = open.result.transaction('jobs').objectStore('jobs').count()
            count.onsuccess = () => resolve(count.result)
          }
        }),
    )
    expect(pendingJobs).toBe(0)
  })

  it('prices a shot routed by a filled-in variable at its paid provider, on the node and before Run, and makes nothing until asked', async () => {
    app = await openApp('', { upstreams: { 'api.dev.runwayml.com': runway.origin, [new URL(RUNWAY_MEDIA_ORIGIN).host]: runway.origin } })
    const { page } = app
    await page.locator('.react-flow__node').first().waitFor()
    await enterProviderKeys(page, [['Runway', RUNWAY_TEST_KEY]])
    await pastePipeline(page, routedByVariable(3))
    const creates = runway.creates.length
    await expect
      .poll(() => page.locator('[data-node-id="shot"] .generate-plan__cost').textContent(), { timeout: 20_000 })
      .toMatch(/^about \$1\.80 for 3 takes/)
    await page.screenshot({ path: 'test-results/spend-routed-panel.png' })

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const ask = page.getByRole('dialog', { name: 'Spend on generation?' })
    await expect(ask.getByRole('listitem').allTextContents()).resolves.toEqual([expect.stringMatching(/^Runway3 takes\$1\.80$/)])
    await page.screenshot({ path: 'test-results/spend-routed-ask.png' })
    await ask.getByRole('button', { name: 'Don’t run' }).click()
    expect(runway.creates.length).toBe(creates)
  })

  it('makes a take once when Run is double-clicked', async () => {
    app = await openApp('', { upstreams: { 'api.dev.runwayml.com': runway.origin, [new URL(RUNWAY_MEDIA_ORIGIN).host]: runway.origin }, pageClock: true })
    const { page } = app
    await page.locator('.react-flow__node').first().waitFor()
    await enterProviderKeys(page, [['Runway', RUNWAY_TEST_KEY]])
    // One take at $0.60: under the limit, so Run asks nothing and a double-click goes straight through.
    await pastePipeline(page, routedByVariable(1))
    const creates = runway.creates.length
    await page.getByRole('button', { name: 'Run', exact: true }).dblclick()
    // The second click queues one more run, which finds the take in the cache: paid for once.
    await skipPollWaits(page, expect.poll(() => statuses(page, ['shot']), { timeout: 150_000, interval: 100 }).toEqual(['cached']))
    expect(runway.creates.length - creates).toBe(1)
  })
})

function statuses(page: Page, ids: string[]): Promise<(string | undefined)[]> {
  return page.evaluate((nodeIds) => nodeIds.map((id) => document.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.dataset.status), ids)
}
