/**
 * Groups, notes, paste at the pointer and the theme, end to end: the built app in Chromium, driven
 * from the keyboard and the mouse, with the document read back through the app's own export.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { defaultNodes, exportedDocument, openDuskPipeline, leaveField, nodeOnCanvas as node, selectNode as select } from './editor-document'
import { openApp, type OpenApp } from './harness'

const { plate: PLATE, grade: GRADE, gradedFrame: GRADED_FRAME, slate: SLATE } = defaultNodes

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

function positionOf(doc: PipelineDoc, id: string) {
  return doc.nodes.find((n) => n.id === id)?.position
}

/** Waits for the autosave, then opens the page again from the same browser profile. */
async function reloadSaved(page: Page): Promise<void> {
  await page.locator('[data-save-state="saved"]').waitFor()
  await page.reload()
  await page.waitForSelector(`[data-node-id="${SLATE}"]`)
}

describe('groups', () => {
  it('frames the selection with Ctrl+G, moves its nodes with it, and undoes the move and the group', async () => {
    const page = await openEditor()
    const start = await exportedDocument(page)
    await select(page, GRADE)
    await select(page, GRADED_FRAME, ['Control'])
    await page.keyboard.press('Control+G')
    const frame = page.locator('[data-group-id="group-1"]')
    await frame.waitFor()
    const grouped = await exportedDocument(page)
    expect(grouped.groups).toEqual([expect.objectContaining({ id: 'group-1', label: 'Scene 1', nodes: [GRADE, GRADED_FRAME] })])

    // Renamed in its own field, one undo step for the typing.
    await page.getByLabel('Group name').fill('Shot 12')
    await leaveField(page)

    const header = await frame.locator('.group-frame__header').boundingBox()
    if (!header) throw new Error('the group is not on screen')
    await page.mouse.move(header.x + header.width - 30, header.y + header.height / 2)
    await page.mouse.down()
    await page.mouse.move(header.x + header.width + 50, header.y + header.height / 2 + 60, { steps: 10 })
    await page.mouse.up()
    const moved = await exportedDocument(page)
    const dx = (positionOf(moved, GRADE)?.x ?? 0) - (positionOf(grouped, GRADE)?.x ?? 0)
    const dy = (positionOf(moved, GRADE)?.y ?? 0) - (positionOf(grouped, GRADE)?.y ?? 0)
    expect(dx).toBeGreaterThan(40)
    expect(dy).toBeGreaterThan(30)
    // Positions are fractional at the view's zoom: the two nodes moved by the same amount to within rounding.
    const framedMoved = positionOf(moved, GRADED_FRAME)
    expect(framedMoved?.x).toBeCloseTo((positionOf(grouped, GRADED_FRAME)?.x ?? 0) + dx, 6)
    expect(framedMoved?.y).toBeCloseTo((positionOf(grouped, GRADED_FRAME)?.y ?? 0) + dy, 6)
    expect(positionOf(moved, PLATE)).toEqual(positionOf(grouped, PLATE))
    expect(moved.groups?.[0]).toMatchObject({ label: 'Shot 12' })

    await page.keyboard.press('Control+Z')
    expect(await exportedDocument(page)).toEqual({ ...moved, nodes: grouped.nodes, groups: [{ ...grouped.groups?.[0], label: 'Shot 12' }] })
    await page.keyboard.press('Control+Z')
    await page.keyboard.press('Control+Z')
    expect(await exportedDocument(page)).toEqual(start)
  })

  it('goes with Delete, leaving its nodes where they are', async () => {
    const page = await openEditor()
    await select(page, PLATE)
    await page.keyboard.press('Control+G')
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    // The frame is selected from its header.
    await page.locator('[data-group-id="group-1"] .group-frame__count').click()
    await expect.poll(() => page.locator('.react-flow__node-group-frame.selected').count()).toBe(1)
    await page.keyboard.press('Delete')
    const after = await exportedDocument(page)
    expect(after.groups).toEqual([])
    expect(after.nodes.map((n) => n.id)).toContain(PLATE)
  })
})

describe('notes', () => {
  it('adds a note under the pointer with N, takes typing, and keeps it across a reload', async () => {
    const page = await openEditor()
    const pane = await page.locator('.react-flow__pane').boundingBox()
    if (!pane) throw new Error('the canvas is not on screen')
    const at = { x: pane.x + pane.width - 260, y: pane.y + 40 }
    await page.mouse.move(at.x, at.y)
    await page.keyboard.press('n')
    const note = page.locator('[data-note-id="note-1"]')
    await note.waitFor()
    const box = await note.boundingBox()
    expect(Math.abs((box?.x ?? 0) - at.x)).toBeLessThan(4)
    expect(Math.abs((box?.y ?? 0) - at.y)).toBeLessThan(4)
    // The new note has the keys: what is typed is its text, not shortcuts.
    await page.keyboard.type('Night exterior: keep it blue')
    await expect.poll(async () => (await exportedDocument(page)).notes?.[0]?.text).toBe('Night exterior: keep it blue')

    await reloadSaved(page)
    await expect(page.getByLabel('Note', { exact: true }).inputValue()).resolves.toBe('Night exterior: keep it blue')
  })
})

describe('paste', () => {
  it('puts copied nodes under the pointer when it is over the canvas, and beside the originals when not', async () => {
    const page = await openEditor()
    await select(page, GRADE)
    await page.keyboard.press('Control+C')
    const pane = await page.locator('.react-flow__pane').boundingBox()
    if (!pane) throw new Error('the canvas is not on screen')
    const at = { x: pane.x + 40, y: pane.y + pane.height - 200 }
    await page.mouse.move(at.x, at.y)
    await page.keyboard.press('Control+V')
    const pasted = node(page, 'image-adjust-2')
    await pasted.waitFor()
    const box = await pasted.boundingBox()
    expect(Math.abs((box?.x ?? 0) - at.x)).toBeLessThan(4)
    expect(Math.abs((box?.y ?? 0) - at.y)).toBeLessThan(4)

    // With the pointer off the canvas, the copy goes one step down and right of the original.
    await page.mouse.move(5, 5)
    await page.keyboard.press('Control+V')
    await node(page, 'image-adjust-3').waitFor()
    const doc = await exportedDocument(page)
    const original = positionOf(doc, GRADE)
    expect(positionOf(doc, 'image-adjust-3')).toEqual({ x: (original?.x ?? 0) + 32, y: (original?.y ?? 0) + 32 })
  })
})

describe('the theme', () => {
  it('follows the system until toggled, then keeps the choice across a reload', async () => {
    const page = await openEditor()
    await page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    const toggle = page.getByRole('button', { name: 'Dark theme' })
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true')

    await page.keyboard.press('Control+Shift+L')
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light')
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false')
    // Chosen, it no longer follows the system.
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.reload()
    await page.waitForSelector(`[data-node-id="${SLATE}"]`)
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light')

    await page.getByRole('button', { name: 'Dark theme' }).click()
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
  })
})

describe('the keyboard on the canvas', () => {
  it('selects a focused node with Enter and moves it with the arrow keys', async () => {
    const page = await openEditor()
    const before = await exportedDocument(page)
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    await page.getByRole('group', { name: 'Plate, Image node' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator(`.react-flow__node.selected [data-node-id="${PLATE}"]`).count()).toBe(1)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    const moved = positionOf(await exportedDocument(page), PLATE)
    expect(moved?.x).toBeGreaterThan(positionOf(before, PLATE)?.x ?? 0)
    expect(moved?.y).toBe(positionOf(before, PLATE)?.y)
  })
})
