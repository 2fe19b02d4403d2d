/**
 * The preview dock, the run history and the storage manager in real Chromium: a clip scrubbed frame
 * by frame, a grade compared with its input in a split; takes made on the offline animatic, one
 * pinned, the rest evicted, and a re-run that makes only those again, as the run history shows.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { openDuskPipeline } from './editor-document'
import { openApp, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'
import { fromFileMenu } from './editor-page'

/** Where screenshots go when SCREENSHOTS is set (to look at them; the tests do not need them). */
const screenshots = process.env.SCREENSHOTS

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

async function openEditor(): Promise<Page> {
  app = await openApp()
  await app.page.setViewportSize({ width: 1400, height: 900 })
  await app.page.waitForSelector('[data-node-id="preview-1"]')
  await openDuskPipeline(app.page)
  return app.page
}

async function snap(page: Page, name: string): Promise<void> {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png` })
}

function node(page: Page, id: string) {
  return page.locator(`[data-node-id="${id}"]`)
}

async function select(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.node__header').click()
  await page.getByRole('complementary', { name: 'Inspector' }).getByText(id, { exact: true }).waitFor()
}

async function runAndWait(page: Page, ids: string[], status = 'done'): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await page.waitForFunction(
    ({ ids, status }) => ids.every((id) => document.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.dataset.status === status),
    { ids, status },
    { timeout: 120_000 },
  )
  await expect.poll(() => page.getByRole('button', { name: 'Cancel', exact: true }).isDisabled()).toBe(true)
}

/** A shot: a prompt into three animatic takes of one second. */
const shot = pipelineDoc({
  id: 'takes-to-keep',
  name: 'Takes to keep',
  nodes: [
    pipelineNode('shot', 'prompt', { subject: 'a lighthouse keeper', action: 'looks out to sea', environment: 'on a cliff at dawn', camera: 'slow dolly in', durationS: 1 }),
    pipelineNode('gen', 'generate-video', { takes: 3, durationS: 1, height: 480, fps: 12 }, { at: { x: 340, y: 0 }, label: 'Shot 1' }),
  ],
  edges: [pipelineLink('shot', 'prompt', 'gen', 'prompt', 'l1')],
})

async function importShot(page: Page): Promise<void> {
  await fromFileMenu(page, 'Import')
  await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({
    name: 'takes.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(shot)),
  })
  await page.getByRole('heading', { level: 1, name: 'Takes to keep' }).waitFor()
  const report = page.getByRole('dialog')
  if (await report.isVisible()) await report.getByRole('button', { name: 'Close' }).click()
}

/** The storage manager's figures for one row of "What uses it". */
async function usageRow(page: Page, maker: string): Promise<{ bytes: number; pinned: number }> {
  const row = page.getByRole('dialog', { name: 'Storage' }).locator(`tr[data-maker="${maker}"]`)
  return { bytes: Number(await row.getAttribute('data-bytes')), pinned: Number(await row.getAttribute('data-pinned-bytes')) }
}

/** Whether the app's database still holds these bytes, read straight from IndexedDB. */
function storedSizes(page: Page, hashes: string[]): Promise<(number | null)[]> {
  return page.evaluate(
    (wanted) =>
      new Promise<(number | null)[]>((resolve, reject) => {
        const opening = indexedDB.open('reelgraph')
        opening.onerror = () => reject(opening.error)
        opening.onsuccess = () => {
          const db = opening.result
          const assets = db.transaction('assets').objectStore('assets')
          Promise.all(
            wanted.map(
              (hash) =>
                new Promise<number | null>((done) => {
                  const read = assets.get(hash)
                  read.onsuccess = () => {
                    const row = read.result as { data?: Blob } | undefined
                    if (!row?.data) return done(null)
                    void row.data.arrayBuffer().then((bytes) => done(bytes.byteLength))
                  }
                  read.onerror = () => done(null)
                }),
            ),
          ).then((sizes) => {
            db.close()
            resolve(sizes)
          }, reject)
        }
      }),
    hashes,
  )
}

/** A few pixels of what a clip element shows now, to tell two frames apart. */
function pictureSignature(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('.dock video')
    if (!video) throw new Error('no clip in the preview')
    const canvas = document.createElement('canvas')
    canvas.width = 64
    canvas.height = 36
    const context = canvas.getContext('2d', { willReadFrequently: true })
    if (!context) throw new Error('no 2D canvas')
    context.drawImage(video, 0, 0, 64, 36)
    return [...context.getImageData(0, 0, 64, 36).data].filter((_, i) => i % 4 !== 3)
  })
}

/**
 * The worst contrast of a split label's text against its backing laid over a white picture (WCAG
 * relative luminance): a label must read whatever the picture under it is.
 */
function labelContrast(page: Page): Promise<number> {
  return page.evaluate(() => {
    const channels = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number)
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }
    return Math.min(
      ...[...document.querySelectorAll('.split__label')].map((label) => {
        const style = getComputedStyle(label)
        const [r = 0, g = 0, b = 0, alpha = 1] = channels(style.backgroundColor)
        const backing = [r, g, b].map((c) => c * alpha + 255 * (1 - alpha))
        const [text, back] = [luminance(channels(style.color)), luminance(backing)]
        return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05)
      }),
    )
  })
}

describe('previews', () => {
  it('compares a grade with its input in a split whose divider drags and moves with the keys', async () => {
    const page = await openEditor()
    await runAndWait(page, ['image-input-1', 'image-adjust-1', 'preview-1', 'text-1', 'preview-2'])
    await select(page, 'image-adjust-1')
    await page.keyboard.press('v')
    const dock = page.getByRole('region', { name: 'Preview' })
    await expect.poll(() => dock.locator('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true)

    await dock.getByRole('button', { name: 'Compare' }).click()
    await expect(dock.getByLabel('with').inputValue()).resolves.toBe('')
    const divider = dock.getByRole('slider', { name: 'Split between before and after' })
    await expect(divider.getAttribute('aria-valuenow')).resolves.toBe('50')
    await expect(dock.getByText('Before: its input, dusk-hills.jpg').count()).resolves.toBe(1)
    // The labels over the pictures read in both themes, over a light picture as well as a dark one.
    for (let theme = 0; theme < 2; theme++) {
      expect(await labelContrast(page)).toBeGreaterThanOrEqual(4.5)
      await page.keyboard.press('Control+Shift+L')
    }
    // Both pictures loaded, the input under the divider's left side.
    await expect.poll(() => dock.locator('.split img').evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth > 0))).toEqual([true, true])

    const stage = await dock.locator('.split').boundingBox()
    const grip = await divider.boundingBox()
    if (!stage || !grip) throw new Error('the split is not on screen')
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2)
    await page.mouse.down()
    await page.mouse.move(stage.x + stage.width * 0.25, grip.y + grip.height / 2, { steps: 6 })
    await page.mouse.up()
    const dragged = Number(await divider.getAttribute('aria-valuenow'))
    expect(dragged).toBeGreaterThanOrEqual(23)
    expect(dragged).toBeLessThanOrEqual(27)
    const clip = await dock.locator('.split__layer--before').evaluate((layer) => (layer as HTMLElement).style.clipPath)
    expect(clip).toMatch(/^inset\(0(px)? 7[3-7](\.\d+)?% 0(px)? 0(px)?\)$/)

    await divider.focus()
    await page.keyboard.press('End')
    await expect(divider.getAttribute('aria-valuenow')).resolves.toBe('100')
    await page.keyboard.press('ArrowLeft')
    await expect(divider.getAttribute('aria-valuenow')).resolves.toBe('98')
    await snap(page, 'preview-compare')

    // V again hides the dock.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
    await page.keyboard.press('v')
    await expect(page.locator('.dock').count()).resolves.toBe(0)
  })
})

describe('takes, storage and run history', () => {
  it('scrubs a take frame by frame; keeps a pinned take through an eviction; re-runs only the evicted ones; lists and opens runs', async () => {
    const page = await openEditor()
    await importShot(page)
    await runAndWait(page, ['shot', 'gen'])

    // The preview of a take: twelve frames, stepped and scrubbed to the frame.
    await select(page, 'gen')
    await page.getByRole('button', { name: 'Preview', exact: true }).click()
    const dock = page.getByRole('region', { name: 'Preview' })
    await expect(dock.getByLabel('Show').locator('option').allTextContents()).resolves.toEqual(['take 1', 'take 2', 'take 3'])
    const scrubber = dock.getByRole('slider', { name: 'Frame' })
    await expect.poll(() => page.locator('.dock video').evaluate((video: HTMLVideoElement) => video.readyState >= 2)).toBe(true)
    await expect(scrubber.getAttribute('max')).resolves.toBe('11')
    const first = await pictureSignature(page)
    await scrubber.focus()
    await page.keyboard.press('End')
    const time = dock.locator('.transport__time')
    await expect.poll(() => time.textContent()).toBe('00:00:00:11 · frame 12 of 12')
    await expect.poll(() => page.locator('.dock video').evaluate((video: HTMLVideoElement) => Math.floor(video.currentTime * 12))).toBe(11)
    await expect.poll(() => pictureSignature(page).then((last) => last.some((value, i) => Math.abs(value - (first[i] ?? 0)) > 24))).toBe(true)
    await dock.getByRole('button', { name: 'Previous frame' }).click()
    await scrubber.focus()
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => time.textContent()).toBe('00:00:00:09 · frame 10 of 12')
    await expect(time.getAttribute('data-frame')).resolves.toBe('9')
    await snap(page, 'preview-take')

    // The storage manager: three takes, one pinned, the rest evicted.
    await page.keyboard.press('Control+Shift+S')
    const dialog = page.getByRole('dialog', { name: 'Storage' })
    await dialog.locator('tr[data-maker="generate-video"]').waitFor()
    const takesBefore = await usageRow(page, 'generate-video')
    const allBefore = await usageRow(page, 'all')
    expect(takesBefore.pinned).toBe(0)
    const pins = dialog.locator('[data-pins-of="gen"] li[data-hash]')
    await expect(pins.count()).resolves.toBe(3)
    const hashes = await pins.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.hash ?? ''))
    const [kept, ...others] = hashes as [string, ...string[]]

    await dialog.getByRole('button', { name: 'Pin take 1 of Shot 1' }).click()
    await expect.poll(() => dialog.getByRole('button', { name: 'Pin take 1 of Shot 1' }).getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => usageRow(page, 'generate-video').then((row) => row.pinned)).toBeGreaterThan(0)
    const takeBytes = (await usageRow(page, 'generate-video')).pinned
    await snap(page, 'storage-pinned')

    await dialog.getByRole('button', { name: 'Ask to keep storage' }).click()
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/^The browser (agreed|said no)/)

    await dialog.getByRole('button', { name: 'Evict all unpinned' }).click()
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/^Evicted \d+ cached results and freed/)
    await expect.poll(() => usageRow(page, 'generate-video')).toEqual({ bytes: takeBytes, pinned: takeBytes })
    expect((await usageRow(page, 'all')).bytes).toBeLessThan(allBefore.bytes)
    expect(takesBefore.bytes).toBeGreaterThan(takeBytes)
    await snap(page, 'storage-evicted')
    const sizes = await storedSizes(page, [kept, ...others])
    expect(sizes[0]).toBe(takeBytes)
    expect(sizes.slice(1)).toEqual([null, null])
    await dialog.getByRole('button', { name: 'Close' }).click()

    // Run again: the pinned take is reused, the two evicted ones are made again.
    await runAndWait(page, ['gen'])
    await page.keyboard.press('Control+Shift+H')
    const history = page.getByRole('region', { name: 'Run history' })
    const runs = history.getByRole('table', { name: 'Runs' }).locator('tbody tr')
    await expect.poll(() => runs.count()).toBe(2)
    await runs.first().getByRole('button').click()
    const opened = history.getByRole('region', { name: 'Opened run' })
    await expect(opened.locator('[data-node-id-in-run="gen"]').textContent()).resolves.toContain('made 2, reused 1')
    await expect(node(page, 'gen').locator('[data-past-status]').getAttribute('data-past-status')).resolves.toBe('done')
    await snap(page, 'run-history')
    await runs.last().getByRole('button').click()
    await expect(opened.locator('[data-node-id-in-run="gen"]').textContent()).resolves.toContain('made 3, reused 0')
    await expect(runs.last().locator('td').nth(7).textContent()).resolves.toBe('free')

    await opened.getByRole('button', { name: 'Back to current' }).click()
    await expect(page.locator('[data-past-status]').count()).resolves.toBe(0)

    // A budget of nothing: the two new takes go at once, the pinned one stays.
    await page.keyboard.press('Control+Shift+S')
    await expect.poll(() => usageRow(page, 'generate-video').then((row) => row.pinned)).toBe(takeBytes)
    expect((await usageRow(page, 'generate-video')).bytes).toBeGreaterThan(takeBytes)
    await dialog.getByLabel('Cache budget').fill('0')
    await dialog.getByRole('button', { name: 'Set budget' }).click()
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/^Cache budget set to 0 bytes\. \d+ least recently used results went/)
    await expect.poll(() => usageRow(page, 'generate-video')).toEqual({ bytes: takeBytes, pinned: takeBytes })

    // Everything pinned is listed: the take can be unpinned; the pipelines' own files (plates, references) are kept.
    const pinnedList = dialog.getByRole('region', { name: 'Pinned media' })
    await expect(pinnedList.locator(`[data-pinned-hash="${kept}"]`).textContent()).resolves.toContain('take 1')
    await expect(pinnedList.getByText('your file, always kept').count()).resolves.toBeGreaterThanOrEqual(1)
    await snap(page, 'storage-budget')
    await pinnedList.getByRole('button', { name: 'Unpin take 1 (Generate video)' }).click()
    await expect.poll(() => usageRow(page, 'generate-video')).toEqual({ bytes: takeBytes, pinned: 0 })
    await expect(pinnedList.locator(`[data-pinned-hash="${kept}"]`).count()).resolves.toBe(0)
  })
})
