/**
 * Canvas comfort (issue 16) in the built app in Chromium: right-click menus on nodes, links and
 * empty canvas, worked by mouse and by keyboard, and a link dragged into empty space that adds a
 * node that takes it. Screenshots of the menus in both themes go to test-results/.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { exportedDocument } from './editor-document'
import { CHARACTER, GRADE, GRADED_SHOT, PICKER } from './default-pipeline'
import { fromFileMenu, node, settledZoom } from './editor-page'
import { openApp, projectRoot, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const screenshots = join(projectRoot, 'test-results')

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

async function openEditor(): Promise<Page> {
  app = await openApp()
  await app.page.setViewportSize({ width: 1440, height: 900 })
  await node(app.page, PICKER).waitFor()
  await mkdir(screenshots, { recursive: true })
  return app.page
}

/** A spot low on the canvas, clear of the default pipeline and the minimap. */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  const pane = await page.locator('.react-flow__pane').boundingBox()
  if (!pane) throw new Error('no canvas')
  return { x: pane.x + pane.width * 0.35, y: pane.y + pane.height - 110 }
}

/** Whether the node's box on screen covers any other node's, a group's or a note's. */
async function coversAnother(page: Page, nodeId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const boxOf = (element: Element) => element.getBoundingClientRect()
    const placed = document.querySelector(`.react-flow__node[data-id="${id}"]`)
    if (!placed) throw new Error(`no node ${id}`)
    const mine = boxOf(placed)
    return [...document.querySelectorAll('.react-flow__node')]
      .filter((other) => other !== placed)
      .map(boxOf)
      .some((other) => mine.left < other.right && other.left < mine.right && mine.top < other.bottom && other.top < mine.bottom)
  }, nodeId)
}

async function idOfOnly(page: Page, type: string): Promise<string> {
  const found = (await exportedDocument(page)).nodes.filter((candidate) => candidate.type === type)
  if (found.length !== 1 || !found[0]) throw new Error(`expected one ${type} node, found ${found.length}`)
  return found[0].id
}

async function countOf(page: Page, type: string): Promise<number> {
  return (await exportedDocument(page)).nodes.filter((candidate) => candidate.type === type).length
}

describe('right-click menus', () => {
  it('offers a node’s actions, takes the focus and moves with the arrow keys; Enter duplicates the node', async () => {
    const page = await openEditor()
    await node(page, GRADE).locator('.node__header').click({ button: 'right' })
    const menu = page.getByRole('menu', { name: 'Node “Dusk grade”' })
    await menu.waitFor()
    const items = await menu.getByRole('menuitem').allTextContents()
    expect(items.map((item) => item.replace(/Ctrl.*$|[A-Z]$|Del$/, ''))).toEqual(
      expect.arrayContaining(['Run to here', 'Duplicate', 'Make component', 'Delete']),
    )
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(/^Run to here/)
    await page.screenshot({ path: join(screenshots, 'context-menu-node-light.png') })
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })
    await page.keyboard.press('Control+Shift+L')
    await node(page, GRADE).locator('.node__header').click({ button: 'right' })
    await menu.waitFor()
    await page.screenshot({ path: join(screenshots, 'context-menu-node-dark.png') })
    await page.keyboard.press('ArrowDown')
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(/^Duplicate/)
    await page.keyboard.press('Enter')
    await menu.waitFor({ state: 'detached' })
    await expect.poll(() => countOf(page, 'color-grade')).toBe(2)
  })

  it('opens on a focused node with Shift+F10, and Escape closes it and gives the focus back', async () => {
    const page = await openEditor()
    await node(page, GRADE).locator('.node__header').click()
    await page.keyboard.press('Shift+F10')
    const menu = page.getByRole('menu', { name: 'Node “Dusk grade”' })
    await menu.waitFor()
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })
    await expect(page.evaluate(() => document.activeElement?.closest('[data-id]')?.getAttribute('data-id'))).resolves.toBe(GRADE)
  })

  it('deletes a link from its menu', async () => {
    const page = await openEditor()
    const { edges } = await exportedDocument(page)
    const shown = edges.find((edge) => edge.from.node === GRADE && edge.to.node === GRADED_SHOT)
    if (!shown) throw new Error('the grade is not linked to its preview')
    const link = page.locator(`.react-flow__edge[data-id="${shown.id}"] path.react-flow__edge-interaction`)
    // The middle of the first link's path, where a person would aim.
    const middle = await link.evaluate((path) => {
      const line = path as SVGPathElement
      const point = line.getPointAtLength(line.getTotalLength() / 2)
      const screen = point.matrixTransform(line.getScreenCTM() ?? undefined)
      return { x: screen.x, y: screen.y }
    })
    await page.mouse.click(middle.x, middle.y, { button: 'right' })
    await page.getByRole('menu', { name: 'Link' }).getByRole('menuitem', { name: 'Delete link' }).click()
    await expect.poll(async () => (await exportedDocument(page)).edges.map((edge) => edge.id)).toEqual(edges.filter((edge) => edge !== shown).map((edge) => edge.id))
  })

  it('adds a node where empty canvas was right-clicked', async () => {
    const page = await openEditor()
    const spot = await emptySpot(page)
    await page.mouse.click(spot.x, spot.y, { button: 'right' })
    await page.getByRole('menu', { name: 'Canvas' }).getByRole('menuitem', { name: 'Add node here…' }).click()
    const field = page.getByRole('combobox', { name: 'Search nodes and actions' })
    await field.fill('trim')
    await field.press('Enter')
    const trim = page.locator('[data-node-type="trim"]')
    await trim.waitFor()
    const box = await trim.boundingBox()
    expect(box && Math.hypot(box.x - spot.x, box.y - spot.y)).toBeLessThan(40)
  })

  it('puts a node added by a right-click beside a node next to it, covering nothing', async () => {
    const page = await openEditor()
    const character = await node(page, CHARACTER).boundingBox()
    if (!character) throw new Error('the character is not on screen')
    // Empty canvas just left of the first node: a node placed with its corner here would cover it.
    const spot = { x: character.x - 30, y: character.y + character.height / 2 }
    await page.mouse.click(spot.x, spot.y, { button: 'right' })
    await page.getByRole('menu', { name: 'Canvas' }).getByRole('menuitem', { name: 'Add node here…' }).click()
    const field = page.getByRole('combobox', { name: 'Search nodes and actions' })
    await field.fill('trim')
    await field.press('Enter')
    await page.locator('[data-node-type="trim"]').waitFor()
    const trim = await idOfOnly(page, 'trim')
    await expect.poll(() => coversAnother(page, trim)).toBe(false)
    await page.screenshot({ path: join(screenshots, 'new-node-free-spot-light.png') })
    await page.keyboard.press('Control+Shift+L')
    await page.screenshot({ path: join(screenshots, 'new-node-free-spot-dark.png') })
  })
})

describe('a link dragged into empty space', () => {
  it('offers only the nodes that take it, and links the one picked', async () => {
    const page = await openEditor()
    const output = page.locator(`.react-flow__handle.source[data-nodeid="${GRADE}"][data-handleid="media"]`)
    const from = await output.boundingBox()
    if (!from) throw new Error('the grade’s output is not on screen')
    // Just right of the grade's output: a node with its corner there would cover the grade's neighbours.
    const grade = await node(page, GRADE).boundingBox()
    if (!grade) throw new Error('the grade is not on screen')
    const spot = { x: grade.x + grade.width + 20, y: grade.y + 10 }
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(spot.x, spot.y, { steps: 12 })
    await page.mouse.up()

    const field = page.getByRole('combobox', { name: 'Search the nodes that fit the link' })
    await field.waitFor()
    const offered = await page.getByRole('dialog', { name: 'Add a linked node' }).getByRole('option').allTextContents()
    expect(offered.some((option) => option.startsWith('Add Upscale'))).toBe(true)
    expect(offered.some((option) => option.startsWith('Add Export'))).toBe(true)
    // A mix takes sounds and speech takes a line of text: neither takes a graded picture.
    expect(offered.some((option) => option.startsWith('Add Mix') || option.startsWith('Add Speech'))).toBe(false)
    await page.screenshot({ path: join(screenshots, 'link-drag-search-light.png') })

    await field.fill('upscale')
    await field.press('Enter')
    await field.waitFor({ state: 'detached' })
    await expect.poll(async () => coversAnother(page, await idOfOnly(page, 'upscale'))).toBe(false)
    const doc = await exportedDocument(page)
    const upscale = doc.nodes.find((candidate) => candidate.type === 'upscale')
    expect(upscale).toBeDefined()
    expect(doc.edges).toContainEqual(expect.objectContaining({ from: { node: GRADE, port: 'media' }, to: { node: upscale?.id, port: 'media' } }))
    // The grade's other links are as they were.
    expect(doc.edges.some((edge) => edge.from.node === GRADE && edge.to.node === GRADED_SHOT)).toBe(true)
  })
})

describe('opening a pipeline', () => {
  it('fits every pipeline opened to the canvas, not only the first', async () => {
    const page = await openEditor()
    // Looked at closely, far from where the next pipeline's nodes are.
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom In' }).click()
    await page.mouse.move(700, 400)
    await page.mouse.wheel(0, 0)
    await settledZoom(page)
    const doc = pipelineDoc({
      id: 'far-away',
      name: 'Far away',
      nodes: [
        pipelineNode('line', 'text', {}, { at: { x: 3000, y: 2000 } }),
        pipelineNode('shown', 'preview', {}, { at: { x: 3400, y: 2000 } }),
      ],
      edges: [pipelineLink('line', 'text', 'shown', 'value', 'e1')],
    })
    await fromFileMenu(page, 'Import')
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({ name: 'far-away.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) })
    await page.getByRole('heading', { level: 1, name: 'Far away' }).waitFor()
    await page.keyboard.press('Escape')
    const pane = await page.locator('.react-flow__pane').boundingBox()
    if (!pane) throw new Error('no canvas')
    for (const id of ['line', 'shown']) {
      await expect
        .poll(async () => {
          const box = await node(page, id).boundingBox()
          return box !== null && box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width && box.y + box.height <= pane.y + pane.height
        }, { message: id })
        .toBe(true)
    }
  })
})


describe('the dock and the minimap', () => {
  it('resizes the dock by its edge (mouse and arrow keys), fills the window and back, and shrinks or hides the minimap', async () => {
    const page = await openEditor()
    const minimap = page.locator('.react-flow__minimap')
    const wide = await minimap.boundingBox()
    await page.getByRole('button', { name: 'Preview', exact: true }).click()
    const dock = page.locator('section.dock')
    await dock.waitFor()
    await expect.poll(async () => (await minimap.boundingBox())?.width).toBeLessThan((wide?.width ?? 0) * 0.6)

    const before = await dock.boundingBox()
    const edge = page.getByRole('separator', { name: 'Dock height' })
    const grip = await edge.boundingBox()
    if (!before || !grip) throw new Error('no dock')
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2)
    await page.mouse.down()
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2 - 100, { steps: 8 })
    await page.mouse.up()
    const dragged = await dock.boundingBox()
    expect(Math.abs((dragged?.height ?? 0) - before.height - 100)).toBeLessThanOrEqual(2)
    await edge.focus()
    await page.keyboard.press('ArrowUp')
    await expect.poll(async () => (await dock.boundingBox())?.height).toBe((dragged?.height ?? 0) + 24)

    await dock.getByRole('button', { name: 'Full window' }).click()
    await expect.poll(async () => await dock.boundingBox()).toEqual({ x: 0, y: 0, width: 1440, height: 900 })
    await page.screenshot({ path: join(screenshots, 'dock-full-window-light.png') })
    await page.keyboard.press('Escape')
    await expect.poll(async () => (await dock.boundingBox())?.height).toBe((dragged?.height ?? 0) + 24)
    await page.keyboard.press('F11')
    await expect.poll(async () => (await dock.boundingBox())?.height).toBe(900)
    await page.keyboard.press('F11')
    await expect.poll(async () => (await dock.boundingBox())?.height).toBe((dragged?.height ?? 0) + 24)
    await page.keyboard.press('Control+Shift+L')
    await page.screenshot({ path: join(screenshots, 'dock-resized-dark.png') })

    await page.getByRole('button', { name: 'Hide minimap' }).click()
    await minimap.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Show minimap' }).click()
    await minimap.waitFor()
  })
})
