/**
 * ComfyUI end to end: the built app in Chromium calls a ComfyUI contract server directly, at the
 * address added in the Provider keys dialog. Started without `--enable-cors-header` the server refuses
 * the page and the node says how to start it; allowed, the take is queued once and lands on the node.
 */
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { startComfyServer, type ComfyServer } from '../contract/comfyui-server'
import { ffmpegClip } from '../contract/remote'
import { pastePipeline } from './editor-document'
import { fromFileMenu, node, select } from './editor-page'
import { openApp, projectRoot, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const shotOnComfy: PipelineDoc = pipelineDoc({
  id: 'comfy-shot',
  name: 'A shot on ComfyUI',
  description: 'One take made by the person’s own ComfyUI.',
  nodes: [
    pipelineNode('shot', 'prompt', { subject: 'a lighthouse keeper', action: 'winds the lamp', environment: 'a lamp room at dusk', camera: 'slow dolly in', lighting: 'warm lamp light', mood: 'patient', durationS: 3 }),
    pipelineNode('take', 'generate-video', { provider: 'comfyui', takes: 1, height: 720, durationS: 3 }, { at: { x: 360, y: 0 } }),
  ],
  edges: [pipelineLink('shot', 'prompt', 'take', 'prompt', 'l1')],
})

describe('a ComfyUI server of the person’s own', () => {
  let comfy: ComfyServer
  let app: OpenApp | undefined

  beforeAll(async () => {
    comfy = await startComfyServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  afterAll(() => comfy.close())

  it('says how to start ComfyUI when it refuses the page, then makes the take once it allows it', async () => {
    app = await openApp()
    const { page } = app
    await page.locator('.react-flow__node').first().waitFor()
    await pastePipeline(page, shotOnComfy)

    await fromFileMenu(page, 'Provider keys')
    const dialog = page.getByRole('dialog', { name: 'Provider keys' })
    await dialog.getByLabel('Add a ComfyUI server').fill(comfy.origin)
    await dialog.getByRole('button', { name: 'Add', exact: true }).click()
    await dialog.getByRole('button', { name: `Check ${comfy.origin}` }).click()
    await dialog.getByText(`Nothing answers this page at ${comfy.origin}`).waitFor()
    await dialog.getByRole('button', { name: 'Close' }).click()

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => status(page, 'take'), { timeout: 60_000, interval: 500 }).toBe('error')
    await expect(node(page, 'take').textContent()).resolves.toContain(`ComfyUI is not answering at ${comfy.origin}`)
    expect(comfy.submits).toHaveLength(0)

    comfy.allowOrigin(new URL(app.baseUrl).origin)
    await fromFileMenu(page, 'Provider keys')
    await dialog.getByRole('button', { name: `Check ${comfy.origin}` }).click()
    await dialog.getByText(`ComfyUI 0.3.66 answers at ${comfy.origin}.`).waitFor()
    await page.screenshot({ path: `${projectRoot}/test-results/comfyui-dialog.png` })
    await dialog.getByRole('button', { name: 'Close' }).click()

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => status(page, 'take'), { timeout: 120_000, interval: 1000 }).toBe('done')
    expect(comfy.submits).toHaveLength(1)
    expect(comfy.submits[0]?.prompt['8']?.inputs).toMatchObject({ width: 1280, height: 720, length: 73 })
    await expect(node(page, 'take').textContent()).resolves.toContain('In the cache: a run pays nothing for it')

    // A workflow saved in ComfyUI's editor format is refused on the node before anything is queued.
    await select(page, 'take')
    const workflowField = page.getByLabel('ComfyUI workflow', { exact: true })
    await workflowField.setInputFiles({ name: 'wan.json', mimeType: 'application/json', buffer: Buffer.from('{"nodes": [], "links": []}') })
    await node(page, 'take').getByText("Cannot run: wan.json is a workflow as ComfyUI's editor saves it").waitFor()
    // A workflow it can fill takes the refusal away.
    const twoStills = { 1: { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}}' } }, 2: { class_type: 'LoadImage', inputs: { image: '{{reference_2}}' } } }
    await workflowField.setInputFiles({ name: 'two-stills.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(twoStills)) })
    await expect.poll(() => node(page, 'take').getByRole('alert').count()).toBe(0)
    expect(comfy.submits).toHaveLength(1)
  })
})

function status(page: Page, id: string): Promise<string | undefined> {
  return page.evaluate((nodeId) => document.querySelector<HTMLElement>(`[data-node-id="${nodeId}"]`)?.dataset.status, id)
}
