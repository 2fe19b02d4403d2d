/**
 * Sharing end to end: a share link and a bundle made in one browser profile, opened in a fresh one
 * as a person would, and run there with nothing from outside.
 */
import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { deflateSync, strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_NAME, DEFAULT_NODES, PREVIZ_FILE } from './default-pipeline'
import { openApp, projectRoot } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'
import { fromFileMenu } from './editor-page'

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
 * The app as in a fresh profile (an origin of its own) that cannot fetch the sample stills, so its
 * default pipeline has no media of its own: whatever media runs there came in the bundle.
 */
async function editorWithoutSamples(path = ''): Promise<Page> {
  const app = await openApp(path, {
    // Answered as a server without the file would, so the app starts as it does when a sample is missing.
    beforeLoad: (page) => page.route('**/samples/**', (route) => route.fulfill({ status: 404 })),
  })
  cleanups.push(app.close)
  await app.page.waitForSelector(`[data-node-id="${PREVIZ_FILE}"]`, { state: 'attached' })
  return app.page
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
  await fromFileMenu(page, 'Pipelines')
  const row = page.getByRole('listitem', { name: DEFAULT_NAME })
  await row.getByRole('button', { name: 'Rename' }).click()
  await row.getByLabel('New name').fill(name)
  await row.getByRole('button', { name: 'Save name' }).click()
  await page.getByRole('heading', { level: 1, name }).waitFor()
  await page.getByRole('button', { name: 'Close' }).click()
  await page.locator('[data-save-state="saved"]').waitFor()
}

/** Drops a file on the canvas as a person would drag one from their desktop. */
async function dropOnCanvas(page: Page, name: string, bytes: Uint8Array, type: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, base64, mime]) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], fileName, { type: mime }))
      return transfer
    },
    [name, Buffer.from(bytes).toString('base64'), type] as const,
  )
  await page.dispatchEvent('.react-flow', 'drop', { dataTransfer })
}

/** Rewrites the zip directory's entry `name` to claim `bytes` unpacked, as a hostile zip would. */
function claimSize(zip: Uint8Array, name: string, bytes: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  for (let at = 0; at + 46 <= zip.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue
    if (new TextDecoder().decode(zip.subarray(at + 46, at + 46 + view.getUint16(at + 28, true))) === name) view.setUint32(at + 24, bytes, true)
  }
}

/** The share link of the plate-and-LUT pipeline: the document alone, as “Copy share link” makes it. */
function plateAndLutLink(): string {
  const doc = strFromU8(unzipSync(plateAndLutBundle())['pipeline.json'] as Uint8Array)
  return `#pipeline=${Buffer.from(deflateSync(strToU8(doc), { level: 9 })).toString('base64url')}`
}

/** A bundle made outside the app: a plate through a LUT grade into a preview. */
function plateAndLutBundle(): Uint8Array {
  const plateBytes = readFileSync(join(projectRoot, 'public/samples/test-card.jpg'))
  const lutBytes = strToU8(['TITLE "warm"', 'LUT_3D_SIZE 2', '0 0 0', '1 0 0', '0 1 0', '1 1 0', '0 0 0.8', '1 0 0.8', '0 1 0.8', '1 1 0.8', ''].join('\n'))
  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
  const plate = { kind: 'image', hash: sha(plateBytes), mime: 'image/jpeg', bytes: plateBytes.length, meta: { name: 'test-card.jpg' } }
  const lut = { kind: 'lut', hash: sha(lutBytes), mime: 'text/plain', bytes: lutBytes.length, meta: { name: 'warm.cube' } }
  const doc = pipelineDoc({
    id: 'plate-and-lut',
    name: 'Plate through a LUT',
    nodes: [
      pipelineNode('plate', 'image-input', { file: plate }),
      pipelineNode('warm', 'color-grade', { lut }, { at: { x: 320, y: 0 } }),
      pipelineNode('look', 'preview', {}, { at: { x: 640, y: 0 } }),
    ],
    edges: [
      pipelineLink('plate', 'image', 'warm', 'media', 'e1'),
      pipelineLink('warm', 'media', 'look', 'value', 'e2'),
    ],
  })
  return zipSync({
    'manifest.json': strToU8(JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: [plate, lut] })),
    'pipeline.json': strToU8(JSON.stringify(doc)),
    [`assets/${plate.hash}`]: plateBytes,
    [`assets/${lut.hash}`]: lutBytes,
  })
}

/**
 * The link of a pipeline whose plate sits inside a component (a shot's own input), graded and
 * previewed outside it: the document alone, its plate only the sender has.
 */
function componentPlateLink(): string {
  const plateBytes = readFileSync(join(projectRoot, 'public/samples/test-card.jpg'))
  const plate = { kind: 'image', hash: createHash('sha256').update(plateBytes).digest('hex'), mime: 'image/jpeg', bytes: plateBytes.length, meta: { name: 'test-card.jpg' } }
  const doc = pipelineDoc({
    id: 'component-plate',
    name: 'Shot with its plate',
    nodes: [
      pipelineNode('shot', 'component:plate-shot', {}, { label: 'Shot 1' }),
      // A grade that changes the picture reads it (one that leaves pixels alone passes the file on unread).
      pipelineNode('warm', 'color-grade', { saturation: 1.2 }, { at: { x: 320, y: 0 } }),
      pipelineNode('look', 'preview', {}, { at: { x: 640, y: 0 } }),
    ],
    edges: [pipelineLink('shot', 'image', 'warm', 'media', 'e1'), pipelineLink('warm', 'media', 'look', 'value', 'e2')],
    components: [
      {
        id: 'plate-shot',
        name: 'Plate shot',
        nodes: [pipelineNode('plate', 'image-input', { file: plate })],
        edges: [],
        inputs: [],
        outputs: [{ name: 'image', from: { node: 'plate', port: 'image' } }],
      },
    ],
  })
  return `#pipeline=${Buffer.from(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 })).toString('base64url')}`
}

describe('sharing', () => {
  it('opens a share link in a fresh profile: a summary first, nothing run, then a new pipeline that runs', async () => {
    const sender = await editorIn()
    await renameDefaultPipeline(sender.page, 'Mara, shared')
    await sender.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(sender.baseUrl).origin })
    await fromFileMenu(sender.page, 'Copy share link')
    await sender.page.getByText('Share link copied').waitFor()
    const link = await sender.page.evaluate(() => navigator.clipboard.readText())
    expect(link).toMatch(/#pipeline=[A-Za-z0-9_-]+$/)

    const receiver = await editorIn(new URL(link).hash)
    const summary = receiver.page.getByRole('dialog', { name: 'Shared pipeline' })
    await summary.waitFor()
    await expect(summary.locator('[data-field="name"]').textContent()).resolves.toBe('Mara, shared')
    await expect(summary.locator('[data-field="node-count"]').textContent()).resolves.toBe('8')
    await expect(summary.textContent()).resolves.toContain('Every node type is known here.')
    await expect.poll(() => summary.locator('[data-field="cost"]').textContent()).toBe('free')
    expect(receiver.page.url()).not.toContain('#')
    await mkdir(screenshots, { recursive: true })
    await receiver.page.screenshot({ path: join(screenshots, 'share-summary.png') })
    // Nothing has run, and the receiver's own pipeline is still the one open.
    await waitForAllNodes(receiver.page, 'idle')
    await expect(receiver.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(DEFAULT_NAME)

    await summary.getByRole('button', { name: 'Open as a new pipeline' }).click()
    await receiver.page.getByRole('heading', { level: 1, name: 'Mara, shared' }).waitFor()
    await waitForAllNodes(receiver.page, 'idle')
    await receiver.context.setOffline(true)
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

  it('refuses a short link nesting 5,000 arrays in its dialog, saying why, with the person’s own pipeline open', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    // Hand-written: its JSON text is tampered with below, so it is kept as the literal bytes a link carries.
    const line = { id: 'line', type: 'text', typeVersion: 1, position: { x: 0, y: 0 }, params: { text: 'DEEP' } }
    const doc = { format: 'reelgraph', version: 1, id: 'deep', name: 'Deep', description: '', nodes: [line], edges: [] }
    const text = JSON.stringify(doc).replace('"DEEP"', deep)
    const fragment = `#pipeline=${Buffer.from(deflateSync(strToU8(text), { level: 9 })).toString('base64url')}`
    expect(fragment.length).toBeLessThan(1000)
    const { page } = await editorIn(fragment)
    const refusal = page.getByRole('dialog', { name: 'Shared pipeline' })
    await refusal.getByText('This link cannot be opened').waitFor()
    await expect(refusal.textContent()).resolves.toContain('nests arrays and objects more than 64 levels deep')
    await mkdir(screenshots, { recursive: true })
    await page.screenshot({ path: join(screenshots, 'share-too-deep.png') })
    await refusal.getByRole('button', { name: 'Close' }).first().click()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(DEFAULT_NAME)
    expect(page.url()).not.toContain('#')
  })

  it('asks before keeping a bundle’s 300 MB of media, unpacks nothing until the person says yes, then reads it', async () => {
    const bytes = new Uint8Array(100).fill(7)
    const claimed = 300 * 1024 * 1024
    const clip = { kind: 'video', hash: createHash('sha256').update(bytes).digest('hex'), mime: 'video/mp4', bytes: claimed, meta: { name: 'long.mp4' } }
    const zip = zipSync({
      'manifest.json': strToU8(JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: [clip] })),
      // Hand-written, as the bundle around it is: the zip's stored sizes are tampered with below.
      'pipeline.json': strToU8(JSON.stringify({ format: 'reelgraph', version: 1, id: 'big', name: 'Big', description: '', nodes: [], edges: [] })),
      [`assets/${clip.hash}`]: bytes,
    })
    claimSize(zip, `assets/${clip.hash}`, claimed)
    const { page } = await editorIn()
    await dropOnCanvas(page, 'big.reelgraph.zip', zip, 'application/zip')
    const dialog = page.getByRole('dialog', { name: 'Import a pipeline' })
    await dialog.getByRole('heading', { name: 'Keep 300 MB of media from “big.reelgraph.zip”?' }).waitFor()
    await expect(dialog.textContent()).resolves.toContain('Nothing was unpacked yet.')
    await mkdir(screenshots, { recursive: true })
    await page.screenshot({ path: join(screenshots, 'import-large-bundle.png') })
    await dialog.getByRole('button', { name: 'Open it and keep 300 MB' }).click()
    // Read once allowed: this one holds far less than it claims, so it is refused, and nothing opened.
    await dialog.getByText('“big.reelgraph.zip” cannot be opened').waitFor()
    await expect(dialog.textContent()).resolves.toContain(`holds 100 bytes; manifest.json says ${claimed}`)
    await dialog.getByRole('button', { name: 'Close' }).first().click()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(DEFAULT_NAME)
  })

  it('imports a bundle exported in one profile into a fresh one, offline, and runs every node from it', async () => {
    const sender = await editorIn()
    await sender.page.locator('[data-save-state="saved"]').waitFor()
    const [download] = await Promise.all([
      sender.page.waitForEvent('download'),
      fromFileMenu(sender.page, 'Export bundle'),
    ])
    expect(download.suggestedFilename()).toBe('mara-on-the-ridge.reelgraph.zip')
    const bundlePath = await download.path()

    const page = await editorWithoutSamples()
    await page.context().setOffline(true)
    await fromFileMenu(page, 'Import')
    // The download is kept under a name of Playwright's own: the bundle is known by its content, not its name.
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles(bundlePath)
    await page.getByText(/^Opened “.+”\.$/).waitFor()
    // This profile's own references have no images and would fail: every node done means the bundle's pipeline ran.
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForAllNodes(page, 'done')
  }, 600_000)

  it('opens pipeline files dropped on the canvas or pasted; one that cannot be read shows why and changes nothing', async () => {
    const { page } = await editorIn()
    await dropOnCanvas(page, 'truncated.json', readFileSync(join(projectRoot, 'test/fixtures/bad/truncated.json')), 'application/json')
    const dialog = page.getByRole('dialog', { name: 'Import a pipeline' })
    await expect(dialog.getByRole('alert').textContent()).resolves.toMatch(/“truncated.json” cannot be opened.*not valid JSON/)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mara on the ridge')

    await dropOnCanvas(page, 'made-elsewhere.json', readFileSync(join(projectRoot, 'test/fixtures/bad/unknown-type.json')), 'application/json')
    const report = page.getByRole('region', { name: 'Import report' })
    await expect(report.textContent()).resolves.toContain('time-warp')
    await page.getByRole('heading', { level: 1, name: 'Made elsewhere' }).waitFor()
    await page.getByRole('button', { name: 'Done' }).click()
    await page.locator('[data-node-id="warp"]').waitFor()

    const pasted = readFileSync(join(projectRoot, 'test/fixtures/documents/v1.json'), 'utf8')
    const pastedName = (JSON.parse(pasted) as { name: string }).name
    await page.evaluate((text) => {
      const transfer = new DataTransfer()
      transfer.setData('text/plain', text)
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer }))
    }, pasted)
    await page.getByRole('heading', { level: 1, name: pastedName }).waitFor()
  })

  it('carries an image and a LUT in a bundle from one profile to a fresh one, offline, dropped on the canvas, and runs it', async () => {
    const sender = await editorIn()
    await dropOnCanvas(sender.page, 'plate-and-lut.reelgraph.zip', plateAndLutBundle(), 'application/zip')
    await sender.page.getByRole('heading', { level: 1, name: 'Plate through a LUT' }).waitFor()
    await sender.page.locator('[data-save-state="saved"]').waitFor()
    const [download] = await Promise.all([
      sender.page.waitForEvent('download'),
      fromFileMenu(sender.page, 'Export bundle'),
    ])
    const exported = readFileSync(await download.path())

    const page = await editorWithoutSamples()
    await page.context().setOffline(true)
    await dropOnCanvas(page, 'plate-through-a-lut.reelgraph.zip', exported, 'application/zip')
    await page.getByText('Opened “plate-through-a-lut.reelgraph.zip”.').waitFor()
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect
      .poll(() => page.evaluate(() => ['plate', 'warm', 'look'].map((id) => document.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.dataset.status)), {
        timeout: 60_000,
      })
      .toEqual(['done', 'done', 'done'])
  })

  it('names the files a link does not carry in its dialog and on the node, and shows them once their bundle is imported', async () => {
    const page = await editorWithoutSamples(plateAndLutLink())
    const summary = page.getByRole('dialog', { name: 'Shared pipeline' })
    const media = summary.locator('[data-field="media"]')
    await expect.poll(() => media.textContent()).toContain('test-card.jpg on “plate”')
    await expect(media.textContent()).resolves.toContain('warm.cube on “warm”')
    await expect(media.textContent()).resolves.toContain('Ask the sender for the bundle')
    await mkdir(screenshots, { recursive: true })
    await page.screenshot({ path: join(screenshots, 'share-absent-media-light.png') })
    await summary.getByRole('button', { name: 'Open as a new pipeline' }).click()
    await page.getByText('without “test-card.jpg”, “warm.cube”').waitFor()

    const plate = page.locator('[data-node-id="plate"]')
    await expect.poll(() => plate.textContent()).toContain('Not on this computer: “test-card.jpg”. The pipeline came without it: import the bundle that carries it')
    await expect(page.locator('[data-node-id="warm"]').textContent()).resolves.toContain('Not on this computer: “warm.cube”.')
    await expect(plate.textContent()).resolves.not.toContain('evicted')
    await page.screenshot({ path: join(screenshots, 'share-absent-media-node-light.png') })
    await page.keyboard.press('Control+Shift+L')
    await page.screenshot({ path: join(screenshots, 'share-absent-media-node-dark.png') })

    await dropOnCanvas(page, 'plate-and-lut.reelgraph.zip', plateAndLutBundle(), 'application/zip')
    await page.getByText('Opened “plate-and-lut.reelgraph.zip”.').waitFor()
    // The same nodes, holding the same files, now found: no reload, no stale message.
    await expect.poll(() => plate.textContent()).not.toContain('Not on this computer')
    await expect(page.locator('[data-node-id="warm"]').textContent()).resolves.not.toContain('Not on this computer')
  })

  it('says on a component node which file its inner input lacks, and a run that needs the file says to bring it, not to re-run', async () => {
    const page = await editorWithoutSamples(componentPlateLink())
    await page.getByRole('dialog', { name: 'Shared pipeline' }).getByRole('button', { name: 'Open as a new pipeline' }).click()
    const shot = page.locator('[data-node-id="shot"]')
    await expect.poll(() => shot.textContent()).toContain('Not on this computer: “test-card.jpg”. The pipeline came without it: import the bundle that carries it, or add the file again.')

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const warm = page.locator('[data-node-id="warm"]')
    await expect.poll(() => warm.getAttribute('data-status'), { timeout: 60_000 }).toBe('error')
    await expect(warm.textContent()).resolves.toContain('“test-card.jpg” is not on this computer: the pipeline came without it (a link carries no media). Import the bundle that carries it, or add the file again.')
    await expect(page.locator('.react-flow').textContent()).resolves.not.toContain('evicted')
    await mkdir(screenshots, { recursive: true })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: join(screenshots, 'share-absent-component-light.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(screenshots, 'share-absent-component-dark.png') })
  })
})
