/**
 * Undo, redo and the clipboard end to end: the built app in Chromium, driven from the keyboard and
 * the mouse, with the document read back through the app's own export.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { drawLink, exportedDocument, leaveField } from './editor-document'
import { CHARACTER, GRADE, GRADED_SHOT, LOCATION, PREVIZ_FILE, SHOT } from './default-pipeline'
import { openApp, type OpenApp } from './harness'
import { fromFileMenu } from './editor-page'


let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

async function openEditor(): Promise<Page> {
  app = await openApp()
  await app.page.waitForSelector(`[data-node-id="${PREVIZ_FILE}"]`)
  return app.page
}

function node(page: Page, id: string) {
  return page.locator(`[data-node-id="${id}"]`)
}

async function select(page: Page, id: string, modifiers: 'Control'[] = []): Promise<void> {
  await node(page, id).locator('.node__header').click({ modifiers })
}

async function dragBy(page: Page, id: string, dx: number, dy: number): Promise<void> {
  const box = await node(page, id).locator('.node__header').boundingBox()
  if (!box) throw new Error(`${id} is not on screen`)
  await page.mouse.move(box.x + 20, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + 20 + dx, box.y + box.height / 2 + dy, { steps: 10 })
  await page.mouse.up()
}

/** The links on the canvas, as React Flow names them. */
function linksOnCanvas(page: Page): Promise<string[]> {
  return page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((edge) => edge.getAttribute('aria-label') ?? '').sort())
}

describe('undo and redo', () => {
  it('shows the restored value in the inspector after an undo, not what was typed', async () => {
    const page = await openEditor()
    await select(page, GRADE)
    const saturation = page.getByLabel('Saturation', { exact: true })
    const before = await saturation.inputValue()
    await saturation.fill('1.5')
    await expect.poll(async () => (await exportedDocument(page)).nodes.find((n) => n.id === GRADE)?.params.saturation).toBe(1.5)
    await page.keyboard.press('Control+Z')
    await expect.poll(() => saturation.inputValue()).toBe(before)
    await page.keyboard.press('Control+Shift+Z')
    await expect.poll(() => saturation.inputValue()).toBe('1.5')
  })

  it('takes twenty mixed edits back one by one with the keyboard, to each earlier document, then forward again', async () => {
    const page = await openEditor()
    const undoButton = page.getByRole('button', { name: 'Undo', exact: true })
    const redoButton = page.getByRole('button', { name: 'Redo', exact: true })
    await expect(undoButton.isDisabled()).resolves.toBe(true)
    await expect(redoButton.isDisabled()).resolves.toBe(true)

    const edits: [string, () => Promise<void>][] = [
      ['add a node', async () => {
        await page.getByLabel('Search nodes').fill('adjust')
        await page.getByRole('button', { name: 'Add Adjust image' }).click()
        await node(page, 'image-adjust-1').waitFor()
      }],
      ['type a param', () => page.getByLabel('Exposure', { exact: true }).fill('0.4')],
      ['rename', () => page.getByLabel('Label', { exact: true }).fill('Cool grade')],
      ['connect', () => drawLink(page, { node: GRADE, port: 'media' }, { node: 'image-adjust-1', port: 'image' })],
      ['move', () => dragBy(page, SHOT, 60, 90)],
      ['delete', async () => {
        await select(page, GRADED_SHOT)
        await page.keyboard.press('Delete')
      }],
      ['duplicate', async () => {
        await select(page, GRADE)
        await page.keyboard.press('Control+D')
      }],
      ['delete several', async () => {
        await select(page, PREVIZ_FILE)
        await select(page, LOCATION, ['Control'])
        await page.keyboard.press('Delete')
      }],
      ['copy and paste', async () => {
        await select(page, 'image-adjust-1')
        await page.keyboard.press('Control+C')
        await page.keyboard.press('Control+V')
        await node(page, 'image-adjust-2').waitFor()
      }],
      ['cut', () => page.keyboard.press('Control+X')],
      ['move the character', () => dragBy(page, CHARACTER, -40, 120)],
      ['type another param', async () => {
        await select(page, GRADE)
        await page.getByLabel('Saturation', { exact: true }).fill('1.3')
      }],
      ['link the copy', () => drawLink(page, { node: GRADE, port: 'media' }, { node: 'color-grade-2', port: 'media' })],
      ['add a text', async () => {
        await page.getByLabel('Search nodes').fill('text')
        await page.getByRole('button', { name: 'Add Text', exact: true }).click()
        await node(page, 'text-1').waitFor()
      }],
      ['type a text', () => page.getByLabel('Text', { exact: true }).fill('Night exterior, rain')],
      ['name the text', () => page.getByLabel('Label', { exact: true }).fill('Slate')],
      ['move two nodes', async () => {
        await select(page, 'color-grade-2')
        await select(page, 'text-1', ['Control'])
        await dragBy(page, 'text-1', 80, -30)
      }],
      ['rename the pipeline', async () => {
        await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
        await page.getByLabel('Pipeline name', { exact: true }).fill('Mara, night version')
        await page.getByLabel('Pipeline name', { exact: true }).press('Enter')
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mara, night version')
      }],
      ['clear the label', async () => {
        await select(page, GRADE)
        await page.getByLabel('Label', { exact: true }).fill('')
      }],
      ['select all and delete', async () => {
        await leaveField(page)
        await page.keyboard.press('Control+A')
        await page.keyboard.press('Delete')
        await expect.poll(() => page.locator('[data-node-id]').count()).toBe(0)
      }],
    ]

    expect(edits).toHaveLength(20)
    const versions = [await exportedDocument(page)]
    for (const [what, edit] of edits) {
      await edit()
      const version = await exportedDocument(page)
      expect(version, `${what} changed the document`).not.toEqual(versions.at(-1))
      versions.push(version)
    }
    await expect(undoButton.isDisabled()).resolves.toBe(false)

    for (let i = edits.length - 1; i >= 0; i--) {
      await page.keyboard.press('Control+Z')
      expect(await exportedDocument(page), `undo of “${edits[i]?.[0]}”`).toEqual(versions[i])
    }
    await expect(undoButton.isDisabled()).resolves.toBe(true)
    for (let i = 1; i <= edits.length; i++) {
      await page.keyboard.press(i % 2 === 0 ? 'Control+Y' : 'Control+Shift+Z')
      expect(await exportedDocument(page), `redo of “${edits[i - 1]?.[0]}”`).toEqual(versions[i])
    }
    await expect(redoButton.isDisabled()).resolves.toBe(true)

    // The buttons do the same as the keys.
    await undoButton.click()
    expect(await exportedDocument(page)).toEqual(versions[edits.length - 1])
  })
})

describe('the clipboard', () => {
  it('copies nodes into another pipeline with the links between them, not the links to the rest', async () => {
    const page = await openEditor()
    await select(page, GRADE)
    await select(page, GRADED_SHOT, ['Control'])
    await page.keyboard.press('Control+C')

    await fromFileMenu(page, 'Pipelines')
    await page.getByRole('dialog', { name: 'Pipelines' }).getByRole('button', { name: 'New pipeline' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Untitled pipeline')
    await expect(page.locator('[data-node-id]').count()).resolves.toBe(0)

    await page.keyboard.press('Control+V')
    await node(page, GRADED_SHOT).waitFor()
    await expect(page.locator('[data-node-id]').count()).resolves.toBe(2)
    await expect(linksOnCanvas(page)).resolves.toEqual([`Edge from ${GRADE} to ${GRADED_SHOT}`])
    // The pasted nodes are the selection, ready to be moved together.
    await expect(page.locator('.react-flow__node.selected').count()).resolves.toBe(2)
    const pasted = await exportedDocument(page)
    expect(pasted.nodes.find((n) => n.id === GRADE)?.params).toMatchObject({ saturation: expect.any(Number) })

    // Pasted again, the copies get fresh ids and are offset from the first paste.
    await page.keyboard.press('Control+V')
    await node(page, 'color-grade-2').waitFor()
    const twice = await exportedDocument(page)
    const first = twice.nodes.find((n) => n.id === GRADE)?.position
    const second = twice.nodes.find((n) => n.id === 'color-grade-2')?.position
    expect(second).toEqual({ x: (first?.x ?? 0) + 32, y: (first?.y ?? 0) + 32 })
    await expect(linksOnCanvas(page)).resolves.toEqual([`Edge from ${GRADE} to ${GRADED_SHOT}`, 'Edge from color-grade-2 to preview-2'])
  })

  it('refuses clipboard text that is not copied nodes with a message, and changes nothing', async () => {
    const page = await openEditor()
    const before = await exportedDocument(page)
    await page.evaluate(() => {
      const clipboard = new DataTransfer()
      clipboard.setData('text/plain', '{"format":"reelgraph-fragment","version":1,"nodes":[{"id":"a"}],"edges":[]}')
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }))
    })
    await expect(page.getByRole('alert').filter({ hasText: 'The clipboard holds no Reelgraph nodes' }).textContent()).resolves.toContain('nodes[0].type')
    expect(await exportedDocument(page)).toEqual(before)
  })

  it('selects all with Ctrl+A and lists every action in the keyboard help sheet', async () => {
    const page = await openEditor()
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+A')
    await expect(page.locator('.react-flow__node.selected').count()).resolves.toBe(8)

    await page.keyboard.press('?')
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await sheet.waitFor()
    const rows = await sheet.getByRole('listitem').evaluateAll((items) => items.map((item) => item.textContent))
    expect(rows).toEqual(expect.arrayContaining(['UndoCtrl+Z', 'RedoCtrl+Shift+ZCtrl+Y', 'PasteCtrl+V', 'Keyboard shortcuts?', 'CancelEsc']))
    await sheet.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('button', { name: 'Keyboard shortcuts', exact: true }).click()
    await sheet.waitFor()
  })
})
