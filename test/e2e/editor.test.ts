/**
 * The editor end to end, driven as a person drives it: the built app in Chromium with a fresh
 * profile, found by accessible names and the node attributes of DESIGN.md.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { openApp, type OpenApp } from './harness'

/** The default pipeline's nodes, as the app creates them on a first start. */
const PLATE = 'image-input-1'
const GRADE = 'image-adjust-1'
const GRADED_FRAME = 'preview-1'
const SHOT_DESCRIPTION = 'text-1'
const SLATE = 'preview-2'
const DEFAULT_NODES = [PLATE, GRADE, GRADED_FRAME, SHOT_DESCRIPTION, SLATE]

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

async function openEditor(): Promise<Page> {
  app = await openApp()
  await app.page.waitForSelector(`[data-node-id="${SLATE}"]`)
  return app.page
}

function node(page: Page, id: string) {
  return page.locator(`[data-node-id="${id}"]`)
}

/** Every node's `data-status`, by node id. */
function statuses(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-node-id]')].map((element) => [element.dataset.nodeId, element.dataset.status]),
    ),
  )
}

/** Waits until the nodes have exactly these statuses (and reports what they were if they never do). */
async function waitForStatuses(page: Page, expected: Record<string, string>): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) =>
        Object.entries(wanted).every(
          ([id, status]) => document.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.dataset.status === status,
        ),
      expected,
      { timeout: 60_000 },
    )
  } catch (error) {
    expect(await statuses(page), 'node statuses').toEqual(expected)
    throw error
  }
}

function allNodes(status: string): Record<string, string> {
  return Object.fromEntries(DEFAULT_NODES.map((id) => [id, status]))
}

async function run(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
}

/**
 * Waits until the run bar says the run is over. Nodes can all show their status while the run
 * still waits for its results to be written; a shortcut pressed then finds a run in progress.
 */
async function waitForRunEnd(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('button', { name: 'Cancel', exact: true }).isDisabled()).toBe(true)
}

/** Waits for the autosave, so a reload finds the document as it is on screen. */
async function waitForSave(page: Page): Promise<void> {
  await page.locator('[data-save-state="saved"]').waitFor()
}

/** Selects a node by clicking its title bar, as a person would. */
async function select(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.node__header').click()
  await page.getByRole('complementary', { name: 'Inspector' }).getByText(id, { exact: true }).waitFor()
}

/** Whether the node shows an image that has loaded. */
function showsImage(page: Page, id: string): Promise<boolean> {
  return node(page, id)
    .locator('img')
    .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)
}

describe('the editor', () => {
  it('runs the default pipeline, keeps its results across a reload, and re-runs only what changed', async () => {
    const page = await openEditor()
    expect(Object.keys(await statuses(page)).sort()).toEqual([...DEFAULT_NODES].sort())
    await waitForStatuses(page, allNodes('idle'))

    await run(page)
    await waitForStatuses(page, allNodes('done'))
    await expect.poll(() => showsImage(page, GRADED_FRAME)).toBe(true)
    await waitForSave(page)

    await page.reload()
    await page.waitForSelector(`[data-node-id="${SLATE}"]`)
    // The results are back on screen without anything being marked as run.
    await expect.poll(() => showsImage(page, GRADE)).toBe(true)
    await expect.poll(() => showsImage(page, GRADED_FRAME)).toBe(true)
    await expect(node(page, SLATE).textContent()).resolves.toContain('Dusk over the hills — establishing shot')
    expect(await statuses(page)).toEqual(allNodes('idle'))

    await run(page)
    await waitForStatuses(page, allNodes('cached'))
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/5 from cache$/)

    // A new exposure re-runs the grade and what shows it; the rest comes from the cache.
    await select(page, GRADE)
    await page.getByLabel('Exposure', { exact: true }).fill('0.6')
    await expect(node(page, GRADE).getAttribute('data-stale')).resolves.toBe('true')
    await run(page)
    await waitForStatuses(page, { [PLATE]: 'cached', [GRADE]: 'done', [GRADED_FRAME]: 'done', [SHOT_DESCRIPTION]: 'cached', [SLATE]: 'cached' })

    // Moving and renaming a node changes nothing it makes.
    const before = await node(page, PLATE).boundingBox()
    if (!before) throw new Error('the plate node is not on screen')
    await page.mouse.move(before.x + 40, before.y + 12)
    await page.mouse.down()
    await page.mouse.move(before.x + 40, before.y + 72, { steps: 8 })
    await page.mouse.up()
    await select(page, PLATE)
    await page.getByLabel('Label', { exact: true }).fill('Hero plate')
    await expect(node(page, PLATE).locator('.node__title').textContent()).resolves.toBe('Hero plate')
    await run(page)
    await waitForStatuses(page, allNodes('cached'))

    // The move and the new label were written to the document and saved.
    const placed = () => page.locator(`.react-flow__node[data-id="${PLATE}"]`).evaluate((element) => element.style.transform)
    const movedTo = await placed()
    expect(movedTo).not.toBe('translate(0px, 0px)')
    await waitForSave(page)
    await page.reload()
    await page.waitForSelector(`[data-node-id="${PLATE}"]`)
    await expect(node(page, PLATE).locator('.node__title').textContent()).resolves.toBe('Hero plate')
    await expect(placed()).resolves.toBe(movedTo)
  })

  it('cancels a long node', async () => {
    const page = await openEditor()
    // A 6000×6000 frame of noise (no compression to speak of) takes seconds to decode, grade and encode.
    await page.evaluate(async (target) => {
      const size = 6000
      const canvas = new OffscreenCanvas(size, size)
      const context = canvas.getContext('2d')
      if (!context) throw new Error('no 2D canvas')
      const frame = context.createImageData(size, size)
      const words = new Uint32Array(frame.data.buffer)
      let seed = 1
      for (let i = 0; i < words.length; i++) {
        seed = (seed * 1664525 + 1013904223) >>> 0
        words[i] = seed | 0xff000000
      }
      context.putImageData(frame, 0, 0)
      const file = new File([await canvas.convertToBlob({ type: 'image/png' })], 'noise.png', { type: 'image/png' })
      const transfer = new DataTransfer()
      transfer.items.add(file)
      const plate = document.querySelector(`[data-node-id="${target}"]`)
      plate?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    }, PLATE)
    // Dropped on the image node: its file is replaced, and it is selected.
    await page.getByText('noise.png · 6000×6000').waitFor({ timeout: 60_000 })

    await run(page)
    await waitForStatuses(page, { [GRADE]: 'running' })
    await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await waitForStatuses(page, { [PLATE]: 'done', [GRADE]: 'cancelled', [GRADED_FRAME]: 'cancelled' })
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Cancelled/)
    await expect(page.getByRole('button', { name: 'Cancel', exact: true }).isDisabled()).resolves.toBe(true)
  })

  it('refuses a link between ports of different types and says why', async () => {
    const page = await openEditor()
    const output = page.locator(`.react-flow__handle.source[data-nodeid="${SHOT_DESCRIPTION}"][data-handleid="text"]`)
    const input = page.locator(`.react-flow__handle.target[data-nodeid="${GRADE}"][data-handleid="image"]`)
    const from = await output.boundingBox()
    const to = await input.boundingBox()
    if (!from || !to) throw new Error('the ports are not on screen')
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 })
    await page.mouse.up()

    await expect(page.getByRole('alert').filter({ hasText: 'Link refused' }).textContent()).resolves.toBe(
      'Link refused: a text output cannot go into an image input',
    )
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(3)
  })

  it('refuses a malformed pipeline file with the path of the bad field and keeps the open pipeline', async () => {
    const page = await openEditor()
    const malformed = {
      format: 'reelgraph',
      version: 1,
      id: 'broken',
      name: 'Broken',
      description: '',
      nodes: [{ id: 'a', type: 'text', typeVersion: 1, position: { x: 'left', y: 0 }, params: {} }],
      edges: [],
    }
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(malformed)),
    })
    const refusal = page.getByRole('dialog', { name: 'Import a pipeline' }).getByRole('alert')
    await expect(refusal.textContent()).resolves.toContain('nodes[0].position.x: ')
    await page.getByRole('button', { name: 'Close' }).click()

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dusk over the hills')
    expect(Object.keys(await statuses(page)).sort()).toEqual([...DEFAULT_NODES].sort())
  })

  it('opens a pipeline with an unknown node type as a missing node that keeps its links', async () => {
    const page = await openEditor()
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
    await page.getByRole('button', { name: 'Import', exact: true }).click()
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
    await page.locator('[data-node-id="image-adjust-2"][data-node-type="image-adjust"]').waitFor()
    // The new node is selected; the inspector shows its form with the defaults.
    await expect(page.getByLabel('Exposure', { exact: true }).inputValue()).resolves.toBe('0')
  })

  it('brings in a pasted image as a new image node, and runs and deletes from the keyboard', async () => {
    const page = await openEditor()
    await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(64, 48)
      const context = canvas.getContext('2d')
      if (!context) throw new Error('no 2D canvas')
      context.fillStyle = '#c06030'
      context.fillRect(0, 0, 64, 48)
      const file = new File([await canvas.convertToBlob({ type: 'image/png' })], 'storyboard.png', { type: 'image/png' })
      const clipboard = new DataTransfer()
      clipboard.items.add(file)
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }))
    })
    const pasted = 'image-input-2'
    await page.locator(`[data-node-id="${pasted}"][data-node-type="image-input"]`).waitFor()
    await page.getByText('storyboard.png · 64×48').waitFor()

    // Selected (and focused, as a click leaves it): Run to here runs it alone, and it stays selected.
    await select(page, pasted)
    await page.keyboard.press('Control+Shift+Enter')
    await waitForStatuses(page, { ...allNodes('idle'), [pasted]: 'done' })
    await waitForRunEnd(page)
    await page.keyboard.press('Control+Enter')
    await waitForStatuses(page, { ...allNodes('done'), [pasted]: 'cached' })

    await page.keyboard.press('Delete')
    await node(page, pasted).waitFor({ state: 'detached' })
    expect(Object.keys(await statuses(page)).sort()).toEqual([...DEFAULT_NODES].sort())
  })

  it('keeps several pipelines: new, open, duplicate, rename and delete', async () => {
    const page = await openEditor()
    const title = page.getByRole('heading', { level: 1 })
    const library = page.getByRole('dialog', { name: 'Pipelines' })
    const rows = library.getByRole('listitem')
    const openLibrary = () => page.getByRole('button', { name: 'Pipelines', exact: true }).click()

    await openLibrary()
    await library.getByRole('button', { name: 'New pipeline' }).click()
    await expect.poll(() => title.textContent()).toBe('Untitled pipeline')
    await expect(page.locator('[data-node-id]').count()).resolves.toBe(0)

    await openLibrary()
    await expect.poll(() => rows.count()).toBe(2)
    await library.getByRole('listitem', { name: 'Dusk over the hills', exact: true }).getByRole('button', { name: 'Open' }).click()
    await page.locator(`[data-node-id="${SLATE}"]`).waitFor()
    await expect(title.textContent()).resolves.toBe('Dusk over the hills')

    await openLibrary()
    await library.getByRole('listitem', { name: 'Dusk over the hills', exact: true }).getByRole('button', { name: 'Duplicate' }).click()
    const copy = library.getByRole('listitem', { name: 'Dusk over the hills copy', exact: true })
    await copy.waitFor()
    await copy.getByRole('button', { name: 'Rename' }).click()
    await copy.getByLabel('New name').fill('Dusk, cooler grade')
    await copy.getByRole('button', { name: 'Save name' }).click()
    const renamed = library.getByRole('listitem', { name: 'Dusk, cooler grade', exact: true })
    await expect(renamed.textContent()).resolves.toContain('5 nodes')

    await renamed.getByRole('button', { name: 'Delete' }).click()
    await renamed.getByRole('button', { name: 'Delete for good' }).click()
    await renamed.waitFor({ state: 'detached' })
    await expect(rows.count()).resolves.toBe(2)
    await expect(title.textContent()).resolves.toBe('Dusk over the hills')
  })
})
