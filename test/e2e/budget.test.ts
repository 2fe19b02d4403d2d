/**
 * A pipeline's budget end to end: the built app in Chromium, its proxy pointed at the Runway contract
 * server. A film of three shots asks before it spends, shot by shot; a budget too small for the
 * estimate refuses the Run and says by how much; a budget lowered during the run stops the shots not
 * yet sent, while the one already sent finishes and is kept, and the next Run counts it as free.
 */
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ffmpegClip } from '../contract/remote'
import { RUNWAY_MEDIA_ORIGIN, startRunwayServer, type RunwayServer } from '../contract/runway-server'
import { pastePipeline } from './editor-document'
import { fromFileMenu } from './editor-page'
import { openApp, skipPollWaits, type OpenApp } from './harness'
import { enterRunwayKey, threeShotsOnRunway } from './runway-spend'

async function setBudget(page: Page, dollars: string): Promise<void> {
  await fromFileMenu(page, 'Budget…')
  const dialog = page.getByRole('dialog', { name: 'Budget' })
  await dialog.getByLabel('Budget in US dollars (empty: no budget)').fill(dollars)
  await dialog.getByRole('button', { name: 'Save budget' }).click()
  await dialog.waitFor({ state: 'detached' })
}

/** The generate node's state as its root element says it. */
/** The status's lines whose words do not all show: cut by their box, or pushed out of the window. */
function cutOffInStatus(page: Page): Promise<string[]> {
  return page.locator('.run-status').evaluate((status) =>
    [...status.querySelectorAll('span, li')].flatMap((line) => {
      const box = line.getBoundingClientRect()
      const cut = line.scrollWidth > line.clientWidth + 1 || box.right > window.innerWidth || box.width === 0
      return cut ? [line.textContent ?? ''] : []
    }),
  )
}

function takesStatus(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.querySelector<HTMLElement>('[data-node-id="takes"]')?.dataset.status)
}

describe('a budget per pipeline', () => {
  let runway: RunwayServer
  let app: OpenApp | undefined

  beforeAll(async () => {
    runway = await startRunwayServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  afterAll(async () => {
    await runway.close()
  })

  const open = async (options: { pageClock?: boolean } = {}) => {
    app = await openApp('', { upstreams: { 'api.dev.runwayml.com': runway.origin, [new URL(RUNWAY_MEDIA_ORIGIN).host]: runway.origin }, ...options })
    const { page } = app
    await page.locator('.react-flow__node').first().waitFor()
    await enterRunwayKey(page)
    await pastePipeline(page, threeShotsOnRunway())
    await page.locator('[data-node-id="takes"]').waitFor()
    return page
  }

  it('refuses a Run whose estimate would pass what the budget has left, saying by how much, and sends nothing', async () => {
    const page = await open()
    await setBudget(page, '1.00')
    await expect.poll(() => page.locator('.run-status__budget').textContent()).toBe('$0.00 of $1.00 budget')
    const creates = runway.creates.length
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect
      .poll(() => page.locator('.run-status__refusal').textContent(), { timeout: 20_000 })
      .toBe('This run could spend $1.80; the budget has $1.00 left — $0.80 over')
    await page.screenshot({ path: 'test-results/budget-refused.png' })
    expect(await page.getByRole('dialog').count()).toBe(0)
    expect(runway.creates.length).toBe(creates)
    // The status never cuts its words off, in a laptop's window as in a larger one, in both themes.
    for (const [width, height] of [[1280, 800], [1440, 900]] as const) {
      await page.setViewportSize({ width, height })
      await expect.poll(() => cutOffInStatus(page), { message: `${width}×${height}` }).toEqual([])
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme })
        await page.locator('.run-bar').screenshot({ path: `test-results/run-status-${width}-${scheme}.png` })
      }
    }
  })

  it('stops sending shots once a budget lowered during the run is reached, keeping the shot already sent', async () => {
    const page = await open({ pageClock: true })
    await setBudget(page, '5')
    const creates = runway.creates.length
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const ask = page.getByRole('dialog', { name: 'Spend on generation?' })
    const byShot = ask.getByRole('region', { name: 'By shot' })
    await byShot.waitFor({ timeout: 20_000 })
    await expect(byShot.getByRole('listitem').allTextContents()).resolves.toEqual(['Shot 11 take$0.60', 'Shot 21 take$0.60', 'Shot 31 take$0.60'])
    await page.screenshot({ path: 'test-results/budget-ask-by-shot.png' })
    await ask.getByRole('button', { name: /^Run and spend up to \$1\.80/ }).click()

    // One take at a time on Runway: once the first shot is sent, the budget comes down to what it costs.
    await expect.poll(() => runway.creates.length - creates, { timeout: 60_000 }).toBe(1)
    // The run bar and the node say it in film terms while the shot is made. Runway tells the progress
    // a few polls in, about 6 s apart; the page skips those waits, and its clock is back to real time
    // (a poll's 6 s before the shot is made) once the progress shows.
    await skipPollWaits(
      page,
      expect.poll(() => page.locator('.run-status__line').textContent(), { timeout: 30_000, interval: 100 }).toMatch(/^shot 1 of 3 · take 1 of 1 · .* · \d of 3 nodes$/),
    )
    await skipPollWaits(
      page,
      expect.poll(() => page.locator('[data-node-id="takes"] .node__progress-text').textContent(), { timeout: 30_000, interval: 100 }).toMatch(/^\d+ % · about \d+ (s|min) left$/),
    )
    await page.screenshot({ path: 'test-results/budget-progress.png' })
    await setBudget(page, '0.60')
    // Runway is polled about every 6 s until the shot sent is made; the page skips those waits.
    await skipPollWaits(page, expect.poll(() => takesStatus(page), { timeout: 150_000, interval: 100 }).toBe('error'))
    expect(runway.creates.length - creates).toBe(1)
    const record = await page.evaluate(
      () =>
        new Promise<{ items: Record<string, { status: string; error?: string; costUsd?: number }> }>((resolve, reject) => {
          const request = indexedDB.open('reelgraph')
          request.onerror = () => reject(request.error)
          request.onsuccess = () => {
            const all = request.result.transaction('runs').objectStore('runs').getAll()
            all.onsuccess = () => resolve(all.result.at(-1).nodes.takes)
          }
        }),
    )
    expect(record.items['1']).toMatchObject({ status: 'done', costUsd: 0.6 })
    for (const shot of ['2', '3']) expect(record.items[shot]?.error).toMatch(/^Budget reached: Runway would spend \$0\.60 here and the pipeline's budget has \$0\.00 left; nothing was sent/)
    await expect.poll(() => page.locator('.run-status__budget').textContent()).toBe('$0.60 of $0.60 budget')
    await page.screenshot({ path: 'test-results/budget-stopped.png' })

    // Raised again: the shot made is in the cache and free; only the two stopped shots are asked for.
    await setBudget(page, '5')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await byShot.waitFor({ timeout: 20_000 })
    await expect(byShot.getByRole('listitem').allTextContents()).resolves.toEqual(['Shot 1in the cachefree', 'Shot 21 take$0.60', 'Shot 31 take$0.60'])
    await page.screenshot({ path: 'test-results/budget-ask-cached-free.png' })
    await ask.getByRole('button', { name: 'Don’t run' }).click()
  })
})
