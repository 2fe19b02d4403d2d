/**
 * A studio's two ComfyUI servers end to end: the built app in Chromium spreads a film's takes (a
 * list of shots, two takes each) across two ComfyUI contract servers added in the Provider keys
 * dialog. One stops between takes, mid-run; the takes it would have made are made on the other, and
 * every take is queued exactly once across both.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { startComfyServer, type ComfyServer } from '../contract/comfyui-server'
import { ffmpegClip } from '../contract/remote'
import { pastePipeline } from './editor-document'
import { each, fromFileMenu, nextRunRecord, run, runRecords, waitForRunEnd, waitForStatuses } from './editor-page'
import { openApp, projectRoot, skipPollWaits, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const SHOTS = ['loads the van', 'drives to the coast', 'unloads the lamps', 'lights the first lamp']
const TAKES = 2

const film: PipelineDoc = pipelineDoc({
  id: 'two-gpus',
  name: 'A film on two GPUs',
  nodes: [
    pipelineNode('shots', 'text-list', { texts: SHOTS.map((action) => `action: ${action}`) }),
    pipelineNode('prompt', 'prompt', { subject: 'a lighthouse crew', action: '{action}', environment: 'a grey coast at dawn', durationS: 1 }, { at: { x: 340, y: 0 } }),
    pipelineNode('takes', 'generate-video', { provider: 'comfyui', takes: TAKES, height: 720, durationS: 1 }, { at: { x: 680, y: 0 } }),
  ],
  edges: [pipelineLink('shots', 'texts', 'prompt', 'text'), pipelineLink('prompt', 'prompt', 'takes', 'prompt')],
})

describe('two ComfyUI servers of a studio', () => {
  let gpuA: ComfyServer
  let gpuB: ComfyServer
  let app: OpenApp | undefined

  beforeAll(async () => {
    const clip = ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })
    gpuA = await startComfyServer(clip)
    gpuB = await startComfyServer(clip)
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  afterAll(async () => {
    await gpuA.close()
    await gpuB.close()
  })

  it('share a film’s takes; when one stops mid-run its takes are made on the other, each queued once', async () => {
    app = await openApp('', { pageClock: true })
    const { page } = app
    for (const gpu of [gpuA, gpuB]) gpu.allowOrigin(new URL(app.baseUrl).origin)
    await page.locator('.react-flow__node').first().waitFor()
    await pastePipeline(page, film)

    await fromFileMenu(page, 'Provider keys')
    const dialog = page.getByRole('dialog', { name: 'Provider keys' })
    for (const gpu of [gpuA, gpuB]) {
      await dialog.getByLabel('Add a ComfyUI server').fill(gpu.origin)
      await dialog.getByRole('button', { name: 'Add', exact: true }).click()
      await dialog.getByRole('button', { name: `Check ${gpu.origin}` }).click()
      await dialog.getByText(`ComfyUI 0.3.66 answers at ${gpu.origin}.`).waitFor()
    }
    await dialog.locator('.comfy-server').screenshot({ path: `${projectRoot}/test-results/comfyui-servers.png` })
    await dialog.getByRole('button', { name: 'Close' }).click()

    // B goes down once it has handed over its second take.
    gpuB.stopAfterTakes(2)
    const before = (await runRecords(page)).length
    await run(page)
    // Each queued prompt is polled every 2 s, and a server gone is tried again after a pause; the page skips those waits.
    await skipPollWaits(page, waitForStatuses(page, each(['shots', 'prompt', 'takes'], 'done'), 300_000))
    await waitForRunEnd(page)
    const record = await nextRunRecord(page, before)
    expect(record.status).toBe('done')
    expect(record.nodes.takes?.parts).toEqual({ reused: 0, made: SHOTS.length * TAKES })

    const queuedOnA = gpuA.submits.map((submit) => submit.prompt_id)
    const queuedOnB = gpuB.submits.map((submit) => submit.prompt_id)
    expect(queuedOnB).toHaveLength(2)
    expect(queuedOnA).toHaveLength(SHOTS.length * TAKES - 2)
    // Every take queued exactly once, across both servers.
    expect(new Set([...queuedOnA, ...queuedOnB]).size).toBe(SHOTS.length * TAKES)
    // B is down: its address answers nothing now.
    await expect(fetch(`${gpuB.origin}/queue`)).rejects.toThrow()
  }, 600_000)
})
