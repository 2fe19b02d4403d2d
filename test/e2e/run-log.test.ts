/**
 * The run's log and the queued run (issue 16, Progress) in the built app in Chromium: each node keeps
 * its newest log line after the run, the Log panel lists every line with its time, the node's name
 * and its level, by node, and a name brings its node into view; the log is still there after a
 * reload, in the panel and in Run history. Run during a run queues one next run, shown in the run
 * bar and cancellable, which starts when the run ends. Screenshots in both themes go to
 * test-results/.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { pastePipeline } from './editor-document'
import { node, run, runRecords, waitForRunEnd } from './editor-page'
import { openApp, projectRoot, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const screenshots = join(projectRoot, 'test-results')

/** A shot made offline, its take upscaled (which says how long it has left), and a character without pictures (which warns). */
const loggedShot: PipelineDoc = pipelineDoc({
  id: 'logged-shot',
  name: 'A logged shot',
  nodes: [
    pipelineNode('prompt', 'prompt', { subject: 'a keeper', action: 'climbs the ladder', environment: 'a lighthouse at dusk', camera: 'static', durationS: 3 }, { label: 'Shot 1' }),
    pipelineNode('takes', 'generate-video', { provider: 'animatic', takes: 2, height: 480, fps: 24 }, { at: { x: 300, y: 0 }, label: 'Shot 1 takes' }),
    pipelineNode('pick', 'take-picker', { selected: [0], reviews: {} }, { at: { x: 600, y: 0 }, label: 'Pick shot 1' }),
    pipelineNode('upscale', 'upscale', { method: 'lanczos', scale: 2 }, { at: { x: 1100, y: 0 }, label: 'Upscale' }),
    pipelineNode('mara', 'character', { name: 'Mara', description: 'a woman in a dark wool coat' }, { at: { x: 0, y: 360 }, label: 'Mara' }),
  ],
  edges: [pipelineLink('prompt', 'prompt', 'takes', 'prompt', 'l1'), pipelineLink('takes', 'takes', 'pick', 'takes', 'l2'), pipelineLink('pick', 'video', 'upscale', 'media', 'l3')],
})

const longerShot: PipelineDoc = {
  ...loggedShot,
  nodes: loggedShot.nodes.map((entry) => {
    if (entry.id === 'prompt') return { ...entry, params: { ...entry.params, durationS: 6 } }
    if (entry.id === 'takes') return { ...entry, params: { ...entry.params, takes: 4 } }
    return entry
  }),
}

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

async function openWith(doc: PipelineDoc): Promise<Page> {
  app = await openApp()
  const { page } = app
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.locator('.react-flow__node').first().waitFor()
  await pastePipeline(page, doc)
  await node(page, 'upscale').waitFor()
  return page
}

/** The log panel's rows as "node · level · message". */
function logRows(page: Page, table = page.getByRole('table', { name: 'Log lines' })): Promise<string[]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent ?? '').join(' · ')))
}

async function bothThemes(page: Page, name: string, shoot: (path: string) => Promise<unknown>): Promise<void> {
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await shoot(join(screenshots, `${name}-${scheme}.png`))
  }
}

describe("a run's log", () => {
  it('is kept on each node and in the Log panel, by node, and is still there after a reload', async () => {
    const page = await openWith(loggedShot)
    await run(page)
    await waitForRunEnd(page)

    // Each node keeps its newest line; the upscale's says how long it had left.
    const upscaleLine = node(page, 'upscale').locator('[data-field="log"]')
    const upscaleSaid = await upscaleLine.textContent()
    expect(upscaleSaid).toMatch(/about \d+ s left|upscaling \d+×\d+ to \d+×\d+/)
    await expect(node(page, 'mara').locator('[data-field="log"]').textContent()).resolves.toContain('no reference images yet')
    await bothThemes(page, 'run-log-nodes', (path) => page.screenshot({ path }))

    // Pressing the node's line shows its lines in the log.
    await upscaleLine.click()
    const dock = page.getByRole('region', { name: 'Log' })
    await dock.waitFor()
    await expect(dock.getByLabel('Node').inputValue()).resolves.toBe('upscale')
    const upscaleRows = await logRows(page)
    expect(upscaleRows.length).toBeGreaterThan(0)
    for (const row of upscaleRows) expect(row).toMatch(/^Upscale · info · /)
    await bothThemes(page, 'run-log-node-filter', (path) => page.screenshot({ path }))

    // Every node's lines: names, never ids, and the warning as a warning.
    await dock.getByLabel('Node').selectOption('')
    const rows = await logRows(page)
    expect(rows).toContain('Mara · warning · no reference images yet: prompts get the name, but the model gets no faces to keep')
    expect(rows.some((row) => /^Shot 1 takes · info · 2 takes on /.test(row))).toBe(true)
    for (const row of rows) expect(row).not.toMatch(/^(prompt|takes|pick|upscale|mara) · /)
    // A name selects its node and brings it into view.
    await dock.getByRole('button', { name: 'Mara', exact: true }).click()
    await expect.poll(() => page.locator('.react-flow__node.selected [data-node-id]').getAttribute('data-node-id')).toBe('mara')
    // So does a click anywhere on a line.
    await dock.getByRole('cell', { name: /^2 takes on / }).click()
    await expect.poll(() => page.locator('.react-flow__node.selected [data-node-id]').getAttribute('data-node-id')).toBe('takes')
    await dock.getByRole('button', { name: 'Mara', exact: true }).click()
    await bothThemes(page, 'run-log-panel', (path) => page.screenshot({ path }))

    // After a reload the last run's log is read from its record: on the nodes and in the panel.
    await page.reload()
    await node(page, 'upscale').waitFor()
    await expect.poll(() => upscaleLine.textContent()).toBe(upscaleSaid)
    await page.keyboard.press('Control+Shift+G')
    await expect.poll(() => dock.getByRole('heading', { level: 3 }).textContent()).toMatch(/^Log of the run of /)
    expect(await logRows(page)).toEqual(rows)

    // And in Run history, under the opened run.
    await page.keyboard.press('Control+Shift+H')
    const history = page.getByRole('region', { name: 'Run history' })
    await history.getByRole('table', { name: 'Runs' }).locator('tbody tr button').first().click()
    await history.getByText(/^Its log · \d+ lines$/).click()
    expect(await logRows(page, history.getByRole('table', { name: 'Log of this run' }))).toEqual(rows)
    await bothThemes(page, 'run-log-history', (path) => page.screenshot({ path }))
  })
})

describe('Run during a run', () => {
  it('queues one next run, shown in the run bar and cancellable, which starts when the run ends', async () => {
    // More and longer takes than the log's shot: the run must outlast the queueing below by far, or
    // a shortcut pressed after it ended starts a run instead of queueing one (this raced under load).
    const page = await openWith(longerShot)
    const queued = page.locator('[data-field="queued-run"]')
    await run(page)
    await expect.poll(() => node(page, 'takes').getAttribute('data-status'), { timeout: 60_000 }).toBe('running')

    // Queued, then taken back; the run goes on.
    await run(page)
    await expect(queued.textContent()).resolves.toBe('Next run queued✕')
    await page.getByRole('button', { name: 'Cancel the queued run' }).click()
    await queued.waitFor({ state: 'detached' })

    // Queued with the shortcut; a second press adds none.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    await expect(node(page, 'takes').getAttribute('data-status')).resolves.toBe('running')
    await page.keyboard.press('Control+Enter')
    await queued.waitFor()
    await run(page)
    await expect(queued.count()).resolves.toBe(1)
    await bothThemes(page, 'run-queued', (path) => page.locator('.run-bar').screenshot({ path }))

    // The run ends, the queued one starts and takes everything from the cache.
    await expect.poll(async () => (await runRecords(page)).length, { timeout: 180_000, interval: 500 }).toBe(2)
    await waitForRunEnd(page)
    await expect(queued.count()).resolves.toBe(0)
    const [first, second] = await runRecords(page)
    expect(second?.startedAt).toBeGreaterThanOrEqual(first?.finishedAt ?? Number.POSITIVE_INFINITY)
    expect(Object.values(second?.nodes ?? {}).map((entry) => entry.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached'])
  })
})
