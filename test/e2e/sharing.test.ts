/**
 * Sharing end to end: a share link and a bundle made in one browser profile, opened in a fresh one
 * as a person would, and run there with nothing from outside.
 */
import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { deflateSync, strToU8 } from 'fflate'
import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_NAME, DEFAULT_NODES, PREVIZ_FILE } from './default-pipeline'
import { launchBrowser, openApp, projectRoot, serveApp } from './harness'

const screenshots = join(projectRoot, 'test-results')

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function editorIn(path = ''): Promise<{ page: Page; context: BrowserContext; baseUrl: string }> {
  const app = await openApp(path)
  cleanups.push(app.close)
  // Attached, not visible: the canvas may still be placing nodes behind a summary dialog.
  await app.page.waitForSelector(`[data-node-id="${PREVIZ_FILE}"]`, { state: 'attached' })
  return app
}

/**
 * The app in a fresh profile that cannot fetch the sample stills, so its default pipeline has no
 * media of its own: whatever media runs there came in the bundle.
 */
async function editorWithoutSamples(): Promise<Page> {
  const served = await serveApp()
  const browser = await launchBrowser()
  cleanups.push(async () => {
    await browser.close()
    await served.close()
  })
  // Answered as a server without the file would, so the app starts as it does when a sample is missing.
  await browser.context.route('**/samples/**', (route) => route.fulfill({ status: 404 }))
  const page = browser.context.pages()[0] ?? (await browser.context.newPage())
  await page.goto(served.url)
  await page.waitForSelector(`[data-node-id="${PREVIZ_FILE}"]`, { state: 'attached' })
  return page
}

async function waitForAllNodes(page: Page, status: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          (ids) => ids.map((id) => document.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.dataset.status),
          DEFAULT_NODES,
        ),
      { timeout: 300_000 },
    )
    .toEqual(DEFAULT_NODES.map(() => status))
}

/** Renames the default pipeline, the only one in a fresh profile. */
async function renameDefaultPipeline(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Pipelines', exact: true }).click()
  const row = page.getByRole('listitem', { name: DEFAULT_NAME })
  await row.getByRole('button', { name: 'Rename' }).click()
  await row.getByLabel('New name').fill(name)
  await row.getByRole('button', { name: 'Save name' }).click()
  await page.getByRole('heading', { level: 1, name }).waitFor()
  await page.getByRole('button', { name: 'Close' }).click()
  await page.locator('[data-save-state="saved"]').waitFor()
}

describe('sharing', () => {
  it('opens a share link in a fresh profile: a summary first, nothing run, then a new pipeline that runs', async () => {
    const sender = await editorIn()
    await renameDefaultPipeline(sender.page, 'Mara, shared')
    await sender.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(sender.baseUrl).origin })
    await sender.page.getByRole('button', { name: 'Copy share link' }).click()
    await sender.page.getByText('Share link copied').waitFor()
    const link = await sender.page.evaluate(() => navigator.clipboard.readText())
    expect(link).toMatch(/#pipeline=[A-Za-z0-9_-]+$/)

    const receiver = await editorIn(new URL(link).hash)
    const summary = receiver.page.getByRole('dialog', { name: 'Shared pipeline' })
    await summary.waitFor()
    await expect(summary.locator('[data-field="name"]').textContent()).resolves.toBe('Mara, shared')
    await expect(summary.locator('[data-field="node-count"]').textContent()).resolves.toBe('8')
    await expect(summary.textContent()).resolves.toContain('Every node type is known here.')
    expect(receiver.page.url()).not.toContain('#')
    await mkdir(screenshots, { recursive: true })
    await receiver.page.screenshot({ path: join(screenshots, 'share-summary.png') })
    // Nothing has run, and the receiver's own pipeline is still the one open.
    await waitForAllNodes(receiver.page, 'idle')
    await expect(receiver.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(DEFAULT_NAME)

    await summary.getByRole('button', { name: 'Open as a new pipeline' }).click()
    await receiver.page.getByRole('heading', { level: 1, name: 'Mara, shared' }).waitFor()
    await waitForAllNodes(receiver.page, 'idle')
    await receiver.page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForAllNodes(receiver.page, 'done')
  }, 600_000)

  it('shows HTML and a javascript: URL from a link as text, and runs none of it', async () => {
    const hostile = readFileSync(join(projectRoot, 'test/fixtures/bad/hostile-label.json'), 'utf8')
    const fragment = `#pipeline=${Buffer.from(deflateSync(strToU8(hostile))).toString('base64url')}`
    const { page } = await editorIn(fragment)
    const summary = page.getByRole('dialog', { name: 'Shared pipeline' })
    await expect(summary.locator('[data-field="name"]').textContent()).resolves.toBe('<img src=x onerror="window.__labelRan=true">')
    await summary.getByRole('button', { name: 'Open as a new pipeline' }).click()
    await expect(page.locator('[data-node-id="note"] .node__title').textContent()).resolves.toBe('<script>window.__labelRan=true</script>')
    await expect(page.locator('[data-node-id="look"] .node__title').textContent()).resolves.toBe('javascript:alert(1)')
    // Every hostile string would set this flag if the page ran it.
    await expect(page.evaluate(() => (window as { __labelRan?: boolean }).__labelRan === undefined)).resolves.toBe(true)
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0)
  })

  it('imports a bundle exported in one profile into a fresh one, offline, and runs every node from it', async () => {
    const sender = await editorIn()
    await sender.page.locator('[data-save-state="saved"]').waitFor()
    const [download] = await Promise.all([
      sender.page.waitForEvent('download'),
      sender.page.getByRole('button', { name: 'Export bundle' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('mara-on-the-ridge.reelgraph.zip')
    const bundlePath = await download.path()

    const page = await editorWithoutSamples()
    await page.context().setOffline(true)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    // The download is kept under a name of Playwright's own: the bundle is known by its content, not its name.
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles(bundlePath)
    await page.getByText(/^Opened “.+”\.$/).waitFor()
    // This profile's own references have no images and would fail: every node done means the bundle's pipeline ran.
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForAllNodes(page, 'done')
  }, 600_000)
})
