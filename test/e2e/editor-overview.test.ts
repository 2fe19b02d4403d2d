/**
 * The overview below FAR_ZOOM, end to end: the pipeline drawn on one canvas, a node pressed and
 * dragged on it as a person does (one undo step), empty space still panning and deselecting, and
 * a double-click zooming back to the node with its selection kept.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { FAR_ZOOM } from '../../src/editor/canvas/far-zoom'
import type { Position } from '../../src/graph'
import { defaultNodes, exportedDocument, leaveField, nodeOnCanvas, openDuskPipeline } from './editor-document'
import { settledZoom } from './editor-page'
import { openApp, type OpenApp } from './harness'

const { grade: GRADE } = defaultNodes

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

/** Where a point of the flow is on the page, from React Flow's viewport transform. */
async function onScreen(page: Page, point: Position): Promise<Position> {
  return page.evaluate((point) => {
    const flow = document.querySelector('.react-flow')?.getBoundingClientRect()
    const viewport = document.querySelector('.react-flow__viewport')
    if (!flow || !viewport) throw new Error('the canvas is not on screen')
    const { a: zoom, e: x, f: y } = new DOMMatrix(getComputedStyle(viewport).transform)
    return { x: flow.left + x + point.x * zoom, y: flow.top + y + point.y * zoom }
  }, point)
}

async function positionOf(page: Page, nodeId: string): Promise<Position | undefined> {
  return (await exportedDocument(page)).nodes.find((node) => node.id === nodeId)?.position
}

async function zoomOutPastReading(page: Page): Promise<number> {
  for (let i = 0; i < 20 && (await settledZoom(page)) >= FAR_ZOOM; i++) await page.getByRole('button', { name: 'Zoom Out' }).click()
  const zoom = await settledZoom(page)
  expect(zoom).toBeLessThan(FAR_ZOOM)
  return zoom
}

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' })

describe('zoomed out past reading', () => {
  it('draws the pipeline as one overview, where a node is pressed, dragged (one undo step) and double-clicked back into view', async () => {
    app = await openApp()
    const { page } = app
    await openDuskPipeline(page)
    const start = await positionOf(page, GRADE)
    if (!start) throw new Error('the grade is not in the pipeline')
    const zoom = await zoomOutPastReading(page)

    const overview = page.getByRole('img', { name: /^Pipeline overview/ })
    await overview.waitFor()
    await expect.poll(() => overview.getAttribute('data-drawn-nodes')).toBe('5')
    // No node keeps an element of its own.
    expect(await page.locator('.react-flow__node-pipeline').count()).toBe(0)

    // Pressed on its header's spot, the grade is selected, and the pointer shows it can be moved.
    const grip = await onScreen(page, { x: start.x + 60, y: start.y + 15 })
    await page.mouse.move(grip.x, grip.y)
    await expect.poll(() => page.locator('.react-flow.pipeline-overview--over-item').count()).toBe(1)
    await page.mouse.down()
    await page.mouse.move(grip.x + 50, grip.y + 30, { steps: 10 })
    await page.mouse.up()
    await inspector(page).getByText(GRADE, { exact: true }).waitFor()

    const moved = await positionOf(page, GRADE)
    expect(moved?.x).toBeCloseTo(start.x + 50 / zoom, -1)
    expect(moved?.y).toBeCloseTo(start.y + 30 / zoom, -1)

    await leaveField(page)
    await page.keyboard.press('Control+z')
    expect(await positionOf(page, GRADE)).toEqual(start)

    // A click on empty space deselects; a drag there pans, as on the full canvas.
    const corner = await page.locator('.react-flow__pane').boundingBox()
    if (!corner) throw new Error('the pane is not on screen')
    const empty = { x: corner.x + 40, y: corner.y + 40 }
    await page.mouse.click(empty.x, empty.y)
    await expect.poll(() => inspector(page).getByText(GRADE, { exact: true }).count()).toBe(0)
    const before = await onScreen(page, start)
    await page.mouse.move(empty.x, empty.y)
    await page.mouse.down()
    await page.mouse.move(empty.x + 80, empty.y + 40, { steps: 8 })
    await page.mouse.up()
    const after = await onScreen(page, start)
    expect(after.x - before.x).toBeCloseTo(80, 0)
    expect(after.y - before.y).toBeCloseTo(40, 0)
    expect(await positionOf(page, GRADE)).toEqual(start)

    // The wheel over a node still zooms.
    const overNode = await onScreen(page, { x: start.x + 60, y: start.y + 15 })
    await page.mouse.move(overNode.x, overNode.y)
    const beforeWheel = await settledZoom(page)
    await page.mouse.wheel(0, 120)
    expect(await settledZoom(page)).toBeLessThan(beforeWheel)

    // A double-click on the grade zooms to it: its full body is back, still selected.
    const grade = await onScreen(page, { x: start.x + 60, y: start.y + 15 })
    await page.mouse.dblclick(grade.x, grade.y)
    expect(await settledZoom(page)).toBeGreaterThanOrEqual(FAR_ZOOM)
    await nodeOnCanvas(page, GRADE).locator('.node__header').waitFor()
    await expect.poll(() => page.locator(`.react-flow__node.selected [data-node-id="${GRADE}"]`).count()).toBe(1)
    expect(await overview.count()).toBe(0)
  })
  it('says what it is to the keys, and keeps every node reachable: Ctrl+K goes to one, F frames the selection', async () => {
    app = await openApp()
    const { page } = app
    await openDuskPipeline(page)
    const whole = await zoomOutPastReading(page)
    const overview = page.getByRole('img', { name: /^Pipeline overview/ })
    expect(await overview.getAttribute('aria-label')).toMatch(/Zoom in .* Ctrl\+K/)
    await overview.focus()

    await page.keyboard.press('Control+K')
    const palette = page.getByRole('dialog', { name: 'Search' })
    await palette.getByRole('combobox', { name: 'Search nodes and actions' }).waitFor()
    await page.keyboard.type('first grade')
    await page.keyboard.press('Enter')
    await palette.waitFor({ state: 'detached' })
    expect(await settledZoom(page)).toBeGreaterThanOrEqual(FAR_ZOOM)
    await expect.poll(() => page.locator(`.react-flow__node.selected [data-node-id="${GRADE}"]`).count()).toBe(1)

    // Back out past reading the grade stays selected, and F frames it again.
    await zoomOutPastReading(page)
    await inspector(page).getByText(GRADE, { exact: true }).waitFor()
    await leaveField(page)
    await page.keyboard.press('f')
    expect(await settledZoom(page)).toBeGreaterThan(whole)
    await nodeOnCanvas(page, GRADE).locator('.node__header').waitFor()
  })
})
