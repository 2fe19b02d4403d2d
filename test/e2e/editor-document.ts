/**
 * Reading the open document back from the editor in an e2e test, the way a person gets it out
 * (through the app's own export), and editing it the way a person does (drawing a link).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { serializePipeline, type PipelineDoc } from '../../src/graph'
import { projectRoot } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'
import { fromFileMenu } from './editor-page'

/** Opens a document as a person pastes one onto the canvas, past the import report when there is one. */
export async function pastePipeline(page: Page, doc: PipelineDoc): Promise<void> {
  await page.evaluate((text) => {
    const transfer = new DataTransfer()
    transfer.setData('text/plain', text)
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer }))
  }, serializePipeline(doc))
  await page.getByRole('heading', { level: 1, name: doc.name }).waitFor()
  // The pipeline opens before the import says how it went: wait for that (its report, or the notice
  // of a clean import) rather than look once, which under load looked before the report came.
  const done = page.getByRole('button', { name: 'Done' })
  await done.or(page.getByRole('button', { name: 'Opened “pasted pipeline.json”.' })).first().waitFor()
  if (await done.isVisible()) await done.click()
}

/** Leaves any field, so the next keys go to the canvas and not to the field's own undo. */
export async function leaveField(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined))
}

/**
 * The open document, exactly, as Ctrl+Shift+E exports it: the exported file is taken where the app
 * hands it to the browser (Chromium stops a page's downloads after a few dozen).
 */
export async function exportedDocument(page: Page): Promise<PipelineDoc> {
  await leaveField(page)
  const count = await page.evaluate(() => {
    const exports = ((window as ExportWatch).exports ??= [])
    if (!(window as ExportWatch).watching) {
      const create = URL.createObjectURL.bind(URL)
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) exports.push(blob)
        return create(blob)
      }
      ;(window as ExportWatch).watching = true
    }
    return exports.length
  })
  await page.keyboard.press('Control+Shift+E')
  await page.waitForFunction((before) => ((window as ExportWatch).exports?.length ?? 0) > before, count)
  const text = await page.evaluate(() => (window as ExportWatch).exports?.at(-1)?.text())
  return JSON.parse(text ?? '') as PipelineDoc
}

/** Drags a link from one node's output port to another's input port, as a person draws it. */
export async function drawLink(page: Page, from: { node: string; port: string }, to: { node: string; port: string }): Promise<void> {
  const output = await page.locator(`.react-flow__handle.source[data-nodeid="${from.node}"][data-handleid="${from.port}"]`).boundingBox()
  const input = await page.locator(`.react-flow__handle.target[data-nodeid="${to.node}"][data-handleid="${to.port}"]`).boundingBox()
  if (!output || !input) throw new Error('the ports are not on screen')
  await page.mouse.move(output.x + output.width / 2, output.y + output.height / 2)
  await page.mouse.down()
  await page.mouse.move(input.x + input.width / 2, input.y + input.height / 2, { steps: 12 })
  await page.mouse.up()
}

type ExportWatch = Window & { exports?: Blob[]; watching?: boolean }

/** The nodes of "Dusk over the hills", the small still pipeline the editor's own tests work on. */
export const defaultNodes = {
  plate: 'image-input-1',
  grade: 'image-adjust-1',
  gradedFrame: 'preview-1',
  shotDescription: 'text-1',
  slate: 'preview-2',
} as const

/** A node on the canvas, found as the tests find it: by its `data-node-id`. */
export function nodeOnCanvas(page: Page, id: string) {
  return page.locator(`[data-node-id="${id}"]`)
}

/** Clicks a node's title bar, as a person selects it (Control adds it to the selection). */
export async function selectNode(page: Page, id: string, modifiers: 'Control'[] = []): Promise<void> {
  await nodeOnCanvas(page, id).locator('.node__header').click({ modifiers })
}

/**
 * Opens "Dusk over the hills" — a sample plate through a first grade into a viewer, and a shot
 * description into a slate — as a person opens a bundle someone sent: through Import. The editor's
 * tests of groups, previews and the like work on it, since it runs in a moment.
 */
export async function openDuskPipeline(page: Page): Promise<void> {
  await fromFileMenu(page, 'Import')
  await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({ name: 'dusk.reelgraph.zip', mimeType: 'application/zip', buffer: Buffer.from(duskBundle()) })
  await page.getByRole('heading', { level: 1, name: 'Dusk over the hills' }).waitFor()
  const report = page.getByRole('dialog')
  if (await report.isVisible()) await report.getByRole('button', { name: /^(Close|Done)$/ }).first().click()
  await page.locator(`[data-node-id="${defaultNodes.slate}"]`).waitFor()
}

function duskBundle(): Uint8Array {
  const plateBytes = readFileSync(join(projectRoot, 'public/samples/dusk-hills.jpg'))
  const plate = { kind: 'image', hash: createHash('sha256').update(plateBytes).digest('hex'), mime: 'image/jpeg', bytes: plateBytes.length, meta: { name: 'dusk-hills.jpg' } }
  const { plate: plateId, grade, gradedFrame, shotDescription, slate } = defaultNodes
  const doc: PipelineDoc = pipelineDoc({
    id: 'dusk-over-the-hills',
    name: 'Dusk over the hills',
    description: 'A sample plate through a first grade, with the shot description beside it.',
    nodes: [
      pipelineNode(plateId, 'image-input', { file: plate }, { label: 'Plate' }),
      pipelineNode(grade, 'image-adjust', { exposure: 0.3, contrast: 1.1, saturation: 1.15 }, { at: { x: 320, y: 0 }, label: 'First grade' }),
      pipelineNode(gradedFrame, 'preview', {}, { at: { x: 640, y: 0 }, label: 'Graded frame' }),
      pipelineNode(shotDescription, 'text', { text: 'Dusk over the hills — establishing shot' }, { at: { x: 0, y: 380 }, label: 'Shot description' }),
      pipelineNode(slate, 'preview', {}, { at: { x: 320, y: 380 }, label: 'Slate' }),
    ],
    edges: [
      pipelineLink(plateId, 'image', grade, 'image', 'link-1'),
      pipelineLink(grade, 'image', gradedFrame, 'value', 'link-2'),
      pipelineLink(shotDescription, 'text', slate, 'value', 'link-3'),
    ],
  })
  return zipSync({
    'manifest.json': strToU8(JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: [plate] })),
    'pipeline.json': strToU8(JSON.stringify(doc)),
    [`assets/${plate.hash}`]: new Uint8Array(plateBytes),
  })
}
