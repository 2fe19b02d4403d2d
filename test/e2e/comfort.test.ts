/**
 * Canvas comfort (issue 16) in the built app in Chromium: the search palette ranks titles first and
 * knows the words people use, the palette lists categories in the order of the craft, a retired
 * provider is not offered, and "Choose" makes a take the one. Screenshots of the take grid in both
 * themes go to test-results/.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { AssetRef } from '../../src/engine'
import { exportedDocument, leaveField } from './editor-document'
import { DEFAULT_NODES, GRADE, GRADED_SHOT, PICKER, PREVIZ_FILE, TAKES } from './default-pipeline'
import { cachedOutputs, each, nextRunRecord, node, run, runRecords, select, waitForRunEnd, waitForStatuses } from './editor-page'
import { openApp, projectRoot, type OpenApp } from './harness'

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
  return app.page
}

async function nodeTypes(page: Page): Promise<string[]> {
  return (await exportedDocument(page)).nodes.map((candidate) => candidate.type)
}

/** Ctrl+K, the query typed, Enter: what the search palette offers first is done. */
async function searchAndPick(page: Page, query: string): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+k')
  const field = page.getByRole('combobox', { name: 'Search nodes and actions' })
  await field.fill(query)
  await field.press('Enter')
  await field.waitFor({ state: 'detached' })
}

describe('finding things', () => {
  it('adds Trim for “trim” and Replace sound for “replace sound”, and knows “4k” and “lip sync”', async () => {
    const page = await openEditor()
    const before = await nodeTypes(page)
    for (const [query, type] of [
      ['trim', 'trim'],
      ['replace sound', 'replace-audio'],
      ['4k', 'upscale'],
      ['lip sync', 'speech'],
    ] as const) {
      await searchAndPick(page, query)
      await expect.poll(async () => (await nodeTypes(page)).slice(before.length).at(-1), { message: query }).toBe(type)
    }
  })

  it('opens the search palette on a double-click on empty canvas, and adds the node picked there', async () => {
    const page = await openEditor()
    const pane = await page.locator('.react-flow__pane').boundingBox()
    if (!pane) throw new Error('no canvas')
    // Low on the canvas, where the default pipeline leaves room.
    const spot = { x: pane.x + pane.width / 2, y: pane.y + pane.height - 120 }
    await page.mouse.move(spot.x, spot.y)
    await page.mouse.dblclick(spot.x, spot.y)
    const field = page.getByRole('combobox', { name: 'Search nodes and actions' })
    await field.fill('trim')
    await field.press('Enter')
    const trim = page.locator('[data-node-type="trim"]')
    await trim.waitFor()
    const box = await trim.boundingBox()
    expect(box && Math.hypot(box.x - spot.x, box.y - spot.y)).toBeLessThan(40)
  })

  it('reaches New pipeline from the search palette', async () => {
    const page = await openEditor()
    await searchAndPick(page, 'new pipeline')
    await expect.poll(async () => (await exportedDocument(page)).nodes.length).toBe(0)
  })

  it('lists the palette’s categories in the order of the craft, inputs first', async () => {
    const page = await openEditor()
    const headings = await page.getByRole('navigation', { name: 'Nodes' }).locator('h2').allTextContents()
    expect(headings).toEqual(['Inputs', 'Pre-production', 'Generation', 'Post', 'Edit', 'Sound', 'Outputs'])
  })

  it('does not offer the retired Sora on a generate-video node', async () => {
    const page = await openEditor()
    await select(page, TAKES)
    const provider = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Provider', { exact: true }).first()
    const options = await provider.locator('option').allTextContents()
    expect(options).toContain('Runway')
    expect(options.filter((option) => /sora/i.test(option))).toEqual([])
  })
})

describe('choosing a take', () => {
  it('makes the take chosen the one: take 2 after take 1 leaves only take 2, and going back re-runs nothing', async () => {
    const page = await openEditor()
    let runs = (await runRecords(page)).length
    await run(page)
    await waitForStatuses(page, each(DEFAULT_NODES, 'done'), 300_000)
    await waitForRunEnd(page)
    runs++
    const cards = node(page, PICKER).getByRole('list', { name: 'Takes' }).getByRole('listitem')
    await expect.poll(() => cards.count()).toBe(5)

    // The default has take 1 chosen; Choose on take 2 replaces it.
    await cards.nth(1).getByRole('button', { name: 'Choose take 2' }).click()
    const chosen = async () => (await exportedDocument(page)).nodes.find((candidate) => candidate.id === PICKER)?.params.selected
    await expect.poll(chosen).toEqual([1])
    await expect(cards.nth(0).getAttribute('data-take-state')).resolves.toBe('open')
    await leaveField(page)
    await run(page)
    await waitForStatuses(page, { ...each([PICKER, GRADE, GRADED_SHOT, PREVIZ_FILE], 'done'), [TAKES]: 'cached' }, 300_000)
    await waitForRunEnd(page)
    const repicked = await nextRunRecord(page, runs++)
    // The file is named for the pipeline and the node; which take went on is the picker's result.
    const sent = (await cachedOutputs(page, repicked.nodes[PICKER]?.cacheKey ?? ''))?.video as AssetRef | undefined
    expect(sent?.meta.name).toBe('take 2')

    // Back to take 1: what was made from it is still in the cache, so nothing runs again.
    await cards.nth(0).getByRole('button', { name: 'Choose take 1' }).click()
    await expect.poll(chosen).toEqual([0])
    await run(page)
    await waitForStatuses(page, each(DEFAULT_NODES, 'cached'))
    const back = await nextRunRecord(page, runs)
    expect(Object.values(back.nodes).map((entry) => entry.status)).toEqual(DEFAULT_NODES.map(() => 'cached'))

    // Shift+click adds take 3 to the selects, keeping take 1 as the chosen take.
    await cards.nth(2).getByRole('button', { name: 'Choose take 3' }).click({ modifiers: ['Shift'] })
    await expect.poll(chosen).toEqual([0, 2])

    await mkdir(screenshots, { recursive: true })
    await node(page, PICKER).screenshot({ path: join(screenshots, 'comfort-takes-light.png') })
    await page.getByRole('button', { name: 'Dark theme' }).click()
    await node(page, PICKER).screenshot({ path: join(screenshots, 'comfort-takes-dark.png') })
  })
})
