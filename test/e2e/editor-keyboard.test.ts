/**
 * The keyboard-first editor, end to end: framing the selection (F), the search palette (Ctrl+K),
 * linking ports without the mouse, and the run bar's File menu, in the built app in Chromium, with
 * the document read back through the app's own export.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultNodes, exportedDocument, openDuskPipeline, nodeOnCanvas as node, selectNode as select } from './editor-document'
import { settledZoom, zoom } from './editor-page'
import { openApp, type OpenApp } from './harness'

const { plate: PLATE, grade: GRADE, gradedFrame: GRADED_FRAME, shotDescription: SHOT_DESCRIPTION, slate: SLATE } = defaultNodes

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

async function openEditor(): Promise<Page> {
  app = await openApp()
  await app.page.waitForSelector('[data-node-id="preview-1"]')
  await openDuskPipeline(app.page)
  return app.page
}

interface Box {
  x: number
  y: number
  width: number
  height: number
}

async function boxOf(page: Page, selector: string): Promise<Box> {
  const box = await page.locator(selector).first().boundingBox()
  if (!box) throw new Error(`${selector} is not on screen`)
  return box
}

function centre(box: Box) {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height
}

describe('frame selection', () => {
  it('zooms to the selected node with F, and back out to the whole pipeline with nothing selected', async () => {
    const page = await openEditor()
    const pane = await boxOf(page, '.react-flow__pane')
    const everyNodeShows = async () => {
      for (const id of Object.values(defaultNodes)) expect(inside(await boxOf(page, `[data-node-id="${id}"]`), pane), id).toBe(true)
    }
    // A pipeline opens fitted to the canvas; F with nothing selected fits it again, where it is.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    const opened = await settledZoom(page)
    await page.keyboard.press('f')
    const whole = await settledZoom(page)
    expect(whole).toBeCloseTo(opened, 3)
    expect(whole).toBeLessThan(1)
    await everyNodeShows()

    await select(page, GRADE)
    await page.keyboard.press('f')
    // The glide ends with the node in the middle, at the largest zoom a fit allows (1).
    await expect.poll(() => zoom(page)).toBe(1)
    await expect
      .poll(async () => {
        const at = centre(await node(page, GRADE).boundingBox().then((box) => box ?? pane))
        return Math.round(Math.hypot(at.x - centre(pane).x, at.y - centre(pane).y))
      })
      .toBeLessThan(3)
    // The plate beside it no longer fits (off-screen nodes are not drawn at all).
    const plate = await node(page, PLATE).boundingBox()
    expect(plate === null || !inside(plate, pane)).toBe(true)

    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('f')
    await expect.poll(() => zoom(page)).toBeCloseTo(whole, 3)
    await everyNodeShows()
  })
})

describe('the search palette', () => {
  /** Opens it with Ctrl+K and types into its field, which has the focus. */
  async function search(page: Page, text: string) {
    await page.keyboard.press('Control+K')
    const palette = page.getByRole('dialog', { name: 'Search' })
    const field = palette.getByRole('combobox', { name: 'Search nodes and actions' })
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true)
    await page.keyboard.type(text)
    return { palette, field, options: palette.getByRole('listbox').getByRole('option') }
  }

  /** The option the keys are on: the one the field points at, shown as selected. */
  async function activeOption(page: Page): Promise<string> {
    const id = await page.getByRole('combobox').getAttribute('aria-activedescendant')
    const option = page.locator(`[id="${id}"]`)
    expect(await option.getAttribute('aria-selected')).toBe('true')
    return (await option.textContent()) ?? ''
  }

  it('goes to a node of the pipeline: Enter selects it and frames it', async () => {
    const page = await openEditor()
    const { palette } = await search(page, 'slate')
    expect(await palette.getByRole('group', { name: 'Go to' }).getByRole('option').allTextContents()).toEqual([`SlatePreview · ${SLATE}`])
    expect(await activeOption(page)).toContain('Slate')
    await page.keyboard.press('Enter')
    await palette.waitFor({ state: 'detached' })
    await expect.poll(() => page.locator(`.react-flow__node.selected [data-node-id="${SLATE}"]`).count()).toBe(1)
    const pane = await boxOf(page, '.react-flow__pane')
    await expect
      .poll(async () => {
        const at = centre(await boxOf(page, `[data-node-id="${SLATE}"]`))
        return Math.round(Math.hypot(at.x - centre(pane).x, at.y - centre(pane).y))
      })
      .toBeLessThan(3)
  })

  it('adds a node type under the pointer, chosen with the arrow keys', async () => {
    const page = await openEditor()
    const pane = await boxOf(page, '.react-flow__pane')
    // Empty canvas below the fitted pipeline: the new node lands exactly there (on a node it would move to the nearest free spot).
    const at = { x: pane.x + 40, y: pane.y + pane.height - 100 }
    await page.mouse.move(at.x, at.y)
    const { palette } = await search(page, 'adjust image')
    // The grade already in the pipeline comes first; the type to add is one key down.
    expect(await activeOption(page)).toContain('First grade')
    await page.keyboard.press('ArrowDown')
    expect(await activeOption(page)).toContain('Add Adjust image')
    await page.keyboard.press('Enter')
    await palette.waitFor({ state: 'detached' })
    const added = node(page, 'image-adjust-2')
    await added.waitFor()
    const box = await boxOf(page, '[data-node-id="image-adjust-2"]')
    expect(Math.abs(box.x - at.x)).toBeLessThan(4)
    expect(Math.abs(box.y - at.y)).toBeLessThan(4)
    expect((await exportedDocument(page)).nodes.map((n) => n.type)).toContain('image-adjust')
  })

  it('does any action, showing its keys; one that cannot be done now is there but disabled; Escape closes', async () => {
    const page = await openEditor()
    await select(page, GRADE)
    let { palette, options } = await search(page, 'redo')
    const redo = options.filter({ hasText: 'Redo' })
    expect(await redo.getAttribute('aria-disabled')).toBe('true')
    expect(await redo.locator('kbd').allTextContents()).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y'])
    await page.keyboard.press('Enter')
    await expect(palette.isVisible()).resolves.toBe(true)
    await page.keyboard.press('Escape')
    await palette.waitFor({ state: 'detached' })

    ;({ palette, options } = await search(page, 'dupl'))
    expect(await options.allTextContents()).toEqual(['DuplicateCtrl+D'])
    await page.keyboard.press('Enter')
    await palette.waitFor({ state: 'detached' })
    await node(page, 'image-adjust-2').waitFor()
    expect((await exportedDocument(page)).nodes.filter((n) => n.type === 'image-adjust')).toHaveLength(2)
  })
})

describe('linking from the keyboard', () => {
  it('links a focused node’s output to an input chosen from those that take it, and Ctrl+Z takes it back', async () => {
    const page = await openEditor()
    const before = await exportedDocument(page)
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    await page.getByRole('group', { name: 'Plate, Image node' }).focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('l')
    const chooser = page.getByRole('dialog', { name: 'Link from Plate' })
    const options = chooser.getByRole('listbox', { name: 'Link to an input' }).getByRole('option')
    // The grade already takes the plate; the viewers take anything, in place of what they show now.
    expect(await chooser.getByRole('group', { name: 'From Image' }).getByRole('option').allTextContents()).toEqual([
      'Graded frame · Valueinstead of First grade · image',
      'Slate · Valueinstead of Shot description · text',
    ])
    await page.keyboard.type('slate')
    expect(await options.allTextContents()).toEqual(['Slate · Valueinstead of Shot description · text'])
    await page.keyboard.press('Enter')
    await chooser.waitFor({ state: 'detached' })

    const linked = await exportedDocument(page)
    const into = (id: string) => linked.edges.filter((edge) => edge.to.node === id).map((edge) => `${edge.from.node}.${edge.from.port}`)
    expect(into(SLATE)).toEqual([`${PLATE}.image`])
    expect(into(GRADED_FRAME)).toEqual([`${GRADE}.image`])
    expect(linked.edges.some((edge) => edge.from.node === SHOT_DESCRIPTION)).toBe(false)
    await expect.poll(() => page.locator(`.react-flow__edge[data-id]`).count()).toBe(3)

    await page.keyboard.press('Control+Z')
    expect(await exportedDocument(page)).toEqual(before)
  })
})

describe('the run bar', () => {
  it('keeps to one row at 1280 px, its File menu worked from the keys', async () => {
    app = await openApp()
    const page = app.page
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.waitForSelector('[data-node-id="preview-1"]')
    const bar = page.getByRole('banner')
    const tops = await bar.locator(':scope > *').evaluateAll((children) => children.map((child) => Math.round(child.getBoundingClientRect().top + child.getBoundingClientRect().height / 2)))
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(8)

    const file = bar.getByRole('button', { name: 'File', exact: true })
    await file.focus()
    await page.keyboard.press('ArrowDown')
    const menu = page.getByRole('menu', { name: 'File' })
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-keyshortcuts') ?? document.activeElement?.textContent)
    await expect.poll(focused).toBe('Control+Shift+P')
    await page.keyboard.press('End')
    await expect.poll(focused).toBe('Budget…')
    await page.keyboard.press('ArrowDown')
    await expect.poll(focused).toBe('Control+Shift+P')
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })
    expect(await file.evaluate((element) => element === document.activeElement)).toBe(true)

    // Enter on an item does it: Import opens its dialog.
    await page.keyboard.press('ArrowDown')
    await menu.getByRole('menuitem', { name: 'Import', exact: true }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Import' }).waitFor()
  })
})
