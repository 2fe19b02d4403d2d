/**
 * The editor end to end, driven as a person drives it: the built app in Chromium with a fresh
 * profile, found by accessible names and the node attributes of docs/architecture.md ("Testing").
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { CHARACTER, DEFAULT_NAME, DEFAULT_NODES, GRADE, GRADED_SHOT, LOCATION, PICKER, PREVIZ_FILE, SHOT, TAKES } from './default-pipeline'
import { each, fromFileMenu, node, run, select, statuses, waitForRunEnd, waitForSave, waitForStatuses } from './editor-page'
import { openApp, type OpenApp } from './harness'

/** What runs again when the grade changes; the rest comes from the cache. */
const AFTER_GRADE = [GRADE, GRADED_SHOT, PREVIZ_FILE]
const BEFORE_GRADE = [CHARACTER, LOCATION, SHOT, TAKES, PICKER]

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

function allNodes(status: string): Record<string, string> {
  return each(DEFAULT_NODES, status)
}

/** Whether the node shows a clip that has loaded a frame. */
function showsClip(page: Page, id: string): Promise<boolean> {
  return node(page, id)
    .locator('video')
    .first()
    .evaluate((video: HTMLVideoElement) => video.readyState >= 2 && video.videoWidth > 0)
}

/** A PNG of one colour, made in the page, as a file a person would drop or paste. */
async function dispatchImage(page: Page, event: 'drop' | 'paste', target: string | undefined, name: string, size: [number, number]): Promise<void> {
  await page.evaluate(
    async ({ event, target, name, size }) => {
      const canvas = new OffscreenCanvas(size[0], size[1])
      const context = canvas.getContext('2d')
      if (!context) throw new Error('no 2D canvas')
      context.fillStyle = '#c06030'
      context.fillRect(0, 0, size[0], size[1])
      const file = new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' })
      const transfer = new DataTransfer()
      transfer.items.add(file)
      const element = target ? document.querySelector(target) : document.body
      if (!element) throw new Error(`nothing at ${target}`)
      const dispatched =
        event === 'drop'
          ? new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true })
          : new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true })
      element.dispatchEvent(dispatched)
    },
    { event, target, name, size },
  )
}

describe('the editor', () => {
  it('runs the default pipeline, keeps its results across a reload, and re-runs only what changed', async () => {
    const page = await openEditor()
    expect(Object.keys(await statuses(page)).sort()).toEqual([...DEFAULT_NODES].sort())
    await waitForStatuses(page, allNodes('idle'))

    await run(page)
    await waitForStatuses(page, allNodes('done'), 300_000)
    await expect.poll(() => showsClip(page, GRADED_SHOT)).toBe(true)
    await waitForSave(page)

    await page.reload()
    await page.waitForSelector(`[data-node-id="${PREVIZ_FILE}"]`)
    // The results are back on screen without anything being marked as run.
    await expect.poll(() => showsClip(page, GRADE)).toBe(true)
    await expect.poll(() => showsClip(page, GRADED_SHOT)).toBe(true)
    await expect(node(page, SHOT).textContent()).resolves.toContain('Mara, a woman in her thirties')
    await expect.poll(() => node(page, PREVIZ_FILE).textContent()).toContain('Download Mara on the ridge — Previz file.mp4')
    expect(await statuses(page)).toEqual(allNodes('idle'))

    await run(page)
    await waitForStatuses(page, allNodes('cached'))
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/8 from cache$/)

    // A new saturation re-runs the grade and what shows and exports it; the takes come from the cache.
    await select(page, GRADE)
    await page.getByLabel('Saturation', { exact: true }).fill('1.4')
    await expect(node(page, GRADE).getAttribute('data-stale')).resolves.toBe('true')
    await run(page)
    await waitForStatuses(page, { ...each(BEFORE_GRADE, 'cached'), ...each(AFTER_GRADE, 'done') }, 300_000)
    await waitForRunEnd(page)

    // Moving and renaming a node changes nothing it makes.
    const before = await node(page, CHARACTER).boundingBox()
    if (!before) throw new Error('the character reference is not on screen')
    await page.mouse.move(before.x + 40, before.y + 8)
    await page.mouse.down()
    await page.mouse.move(before.x + 40, before.y + 68, { steps: 8 })
    await page.mouse.up()
    await select(page, CHARACTER)
    await page.getByLabel('Label', { exact: true }).fill('Mara, close')
    await expect(node(page, CHARACTER).locator('.node__title').textContent()).resolves.toBe('Mara, close')
    await run(page)
    await waitForStatuses(page, allNodes('cached'))

    // The move and the new label were written to the document and saved.
    const placed = () => page.locator(`.react-flow__node[data-id="${CHARACTER}"]`).evaluate((element) => element.style.transform)
    const movedTo = await placed()
    expect(movedTo).not.toBe('translate(0px, 0px)')
    await waitForSave(page)
    await page.reload()
    await page.waitForSelector(`[data-node-id="${CHARACTER}"]`)
    await expect(node(page, CHARACTER).locator('.node__title').textContent()).resolves.toBe('Mara, close')
    await expect(placed()).resolves.toBe(movedTo)
  }, 600_000)

  it('cancels generation, and what does not depend on it is done', async () => {
    const page = await openEditor()
    await run(page)
    await waitForStatuses(page, { [TAKES]: 'running' })
    await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await waitForStatuses(page, {
      ...each([CHARACTER, LOCATION, SHOT], 'done'),
      ...each([TAKES, PICKER, GRADE, GRADED_SHOT, PREVIZ_FILE], 'cancelled'),
    })
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Cancelled/)
    await expect(page.getByRole('button', { name: 'Cancel', exact: true }).isDisabled()).resolves.toBe(true)
  })

  it('adds dropped and pasted images to a reference, framed to the shot’s crop', async () => {
    const page = await openEditor()
    const images = node(page, CHARACTER).getByRole('list', { name: 'Images' }).getByRole('listitem')
    await expect(images.count()).resolves.toBe(1)
    await dispatchImage(page, 'drop', `[data-node-id="${CHARACTER}"] .reference`, 'mara-side.png', [300, 400])
    await expect.poll(() => images.count()).toBe(2)
    await node(page, CHARACTER).locator('.reference').focus()
    await dispatchImage(page, 'paste', `[data-node-id="${CHARACTER}"] .reference`, 'mara-back.png', [300, 400])
    await expect.poll(() => images.count()).toBe(3)
    // Neither became an image node of its own.
    await expect(page.locator('[data-node-type="image-input"]').count()).resolves.toBe(0)
    // Each is shown as the 16:9 crop the run makes.
    const frame = await images.nth(1).boundingBox()
    expect((frame?.width ?? 0) / (frame?.height ?? 1)).toBeCloseTo(16 / 9, 1)

    // Run to here: the reference alone, its three images cropped.
    await select(page, CHARACTER)
    await page.keyboard.press('Control+Shift+Enter')
    await waitForStatuses(page, { ...allNodes('idle'), [CHARACTER]: 'done' })
    await waitForRunEnd(page)
    await images.nth(2).hover()
    await images.nth(2).getByRole('button', { name: 'Remove mara-back.png' }).click()
    await expect.poll(() => images.count()).toBe(2)
    await expect(node(page, CHARACTER).getAttribute('data-stale')).resolves.toBe('true')
  })

  it('refuses a link between ports of different types and says why', async () => {
    const page = await openEditor()
    const output = page.locator(`.react-flow__handle.source[data-nodeid="${SHOT}"][data-handleid="prompt"]`)
    const input = page.locator(`.react-flow__handle.target[data-nodeid="${PICKER}"][data-handleid="takes"]`)
    const from = await output.boundingBox()
    const to = await input.boundingBox()
    if (!from || !to) throw new Error('the ports are not on screen')
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 })
    await page.mouse.up()

    await expect(page.getByRole('alert').filter({ hasText: 'Link refused' }).textContent()).resolves.toBe(
      'Link refused: a prompt output cannot go into a video-list input',
    )
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(7)
  })

  it('refuses a malformed pipeline file with the path of the bad field and keeps the open pipeline', async () => {
    const page = await openEditor()
    // Hand-written: the builder cannot make a node whose position is a string.
    const malformed = {
      format: 'reelgraph',
      version: 1,
      id: 'broken',
      name: 'Broken',
      description: '',
      nodes: [{ id: 'a', type: 'text', typeVersion: 1, position: { x: 'left', y: 0 }, params: {} }],
      edges: [],
    }
    await fromFileMenu(page, 'Import')
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(malformed)),
    })
    const refusal = page.getByRole('dialog', { name: 'Import a pipeline' }).getByRole('alert')
    await expect(refusal.textContent()).resolves.toContain('nodes[0].position.x: ')
    await page.getByRole('button', { name: 'Close' }).click()

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(DEFAULT_NAME)
    expect(Object.keys(await statuses(page)).sort()).toEqual([...DEFAULT_NODES].sort())
  })

  it('opens a pipeline with an unknown node type as a missing node that keeps its links', async () => {
    const page = await openEditor()
    // Hand-written: it stands for a file a later Reelgraph wrote, with a node type this one does not know.
    const withUnknownType = {
      format: 'reelgraph',
      version: 1,
      id: 'from-the-future',
      name: 'From the future',
      description: '',
      nodes: [
        { id: 'look', type: 'film-emulation', typeVersion: 3, position: { x: 0, y: 0 }, params: { stock: 'Kodak 2383' } },
        { id: 'viewer', type: 'preview', typeVersion: 1, position: { x: 320, y: 0 }, params: {} },
      ],
      edges: [{ id: 'l1', from: { node: 'look', port: 'image' }, to: { node: 'viewer', port: 'value' } }],
    }
    await fromFileMenu(page, 'Import')
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({
      name: 'future.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(withUnknownType)),
    })
    await page.locator('[data-node-id="look"][data-status="missing"]').waitFor()
    await expect(node(page, 'look').textContent()).resolves.toContain('Missing node: film-emulation')
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(1)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('From the future')
  })

  it('adds a node from the palette search', async () => {
    const page = await openEditor()
    await page.getByLabel('Search nodes').fill('adjust')
    await page.getByRole('button', { name: 'Add Adjust image' }).click()
    await page.locator('[data-node-id="image-adjust-1"][data-node-type="image-adjust"]').waitFor()
    // The new node is selected; the inspector shows its form with the defaults.
    await expect(page.getByLabel('Exposure', { exact: true }).inputValue()).resolves.toBe('0')
  })

  it('brings in a pasted image as a new image node, replaces it by a drop, and runs and deletes from the keyboard', async () => {
    const page = await openEditor()
    await dispatchImage(page, 'paste', undefined, 'storyboard.png', [64, 48])
    const pasted = 'image-input-1'
    await page.locator(`[data-node-id="${pasted}"][data-node-type="image-input"]`).waitFor()
    await page.getByText('storyboard.png · 64×48').waitFor()
    // Dropped on the image node: its file is replaced, and it is selected.
    await dispatchImage(page, 'drop', `[data-node-id="${pasted}"]`, 'plate.png', [96, 54])
    await page.getByText('plate.png · 96×54').waitFor()

    // Selected (and focused, as a click leaves it): Run to here runs it alone, and it stays selected.
    await select(page, pasted)
    await page.keyboard.press('Control+Shift+Enter')
    await waitForStatuses(page, { ...allNodes('idle'), [pasted]: 'done' })
    await waitForRunEnd(page)
    await page.keyboard.press('Control+Enter')
    await waitForStatuses(page, { ...allNodes('done'), [pasted]: 'cached' }, 300_000)
    await waitForRunEnd(page)

    await page.keyboard.press('Delete')
    await node(page, pasted).waitFor({ state: 'detached' })
    expect(Object.keys(await statuses(page)).sort()).toEqual([...DEFAULT_NODES].sort())
  }, 600_000)

  it('keeps several pipelines: new, open, duplicate, rename and delete', async () => {
    const page = await openEditor()
    const title = page.getByRole('heading', { level: 1 })
    const library = page.getByRole('dialog', { name: 'Pipelines' })
    const rows = library.getByRole('listitem')
    const openLibrary = () => fromFileMenu(page, 'Pipelines')

    await openLibrary()
    await library.getByRole('button', { name: 'New pipeline' }).click()
    await expect.poll(() => title.textContent()).toBe('Untitled pipeline')
    await expect(page.locator('[data-node-id]').count()).resolves.toBe(0)

    await openLibrary()
    await expect.poll(() => rows.count()).toBe(2)
    await library.getByRole('listitem', { name: DEFAULT_NAME, exact: true }).getByRole('button', { name: 'Open' }).click()
    await page.locator(`[data-node-id="${PREVIZ_FILE}"]`).waitFor()
    await expect(title.textContent()).resolves.toBe(DEFAULT_NAME)

    await openLibrary()
    await library.getByRole('listitem', { name: DEFAULT_NAME, exact: true }).getByRole('button', { name: 'Duplicate' }).click()
    const copy = library.getByRole('listitem', { name: `${DEFAULT_NAME} copy`, exact: true })
    await copy.waitFor()
    await copy.getByRole('button', { name: 'Rename' }).click()
    await copy.getByLabel('New name').fill('Mara, night version')
    await copy.getByRole('button', { name: 'Save name' }).click()
    const renamed = library.getByRole('listitem', { name: 'Mara, night version', exact: true })
    await expect(renamed.textContent()).resolves.toContain('8 nodes')

    await renamed.getByRole('button', { name: 'Delete' }).click()
    await renamed.getByRole('button', { name: 'Delete for good' }).click()
    await renamed.waitFor({ state: 'detached' })
    await expect(rows.count()).resolves.toBe(2)
    await expect(title.textContent()).resolves.toBe(DEFAULT_NAME)
  })
})
