/**
 * Reading the open document back from the editor in an e2e test, the way a person gets it out
 * (through the app's own export), and editing it the way a person does (drawing a link).
 */
import type { Page } from 'playwright-core'
import type { PipelineDoc } from '../../src/graph'

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

/** The default pipeline's nodes, as the app creates them on a first start. */
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
