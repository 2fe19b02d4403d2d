/**
 * The Dailies end to end in Chromium: four shot texts through prompt → animatic takes (two a shot) →
 * pick → sequence → export. After a run, the Dailies (opened from Ctrl+K) list every shot's takes;
 * shot 3 gets another take from the keyboard, and the next run re-runs only shot 3's pick and what
 * gathers the shots. What each run did is read from the app's run log.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exportedDocument, pastePipeline } from './editor-document'
import { cachedOutputs, each, nextRunRecord, node, run, runRecords, waitForRunEnd, waitForStatuses } from './editor-page'
import { openApp, projectRoot, type OpenApp } from './harness'
import { itemStatuses, shotChain } from './pipeline-files'

const screenshots = join(projectRoot, 'test-results')
const NODES = ['shots', 'prompt', 'takes', 'pick', 'cut', 'export']
const SHOTS = ['walks to the pier', 'looks at the sea', 'lights a lamp', 'waves to a boat']
const KEYS = ['1', '2', '3', '4']

const film = shotChain('four-shots', 'Four shots to review', SHOTS)

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})


describe('the Dailies', () => {
  it('review every shot’s takes, and a take chosen for shot 3 from the keyboard re-runs only shot 3’s pick and the cut', async () => {
    app = await openApp()
    const page = app.page
    await page.setViewportSize({ width: 1600, height: 900 })
    await page.locator('.react-flow__node').first().waitFor()
    await pastePipeline(page, film)
    let runs = (await runRecords(page)).length
    await run(page)
    await waitForStatuses(page, each(NODES, 'done'), 300_000)
    await waitForRunEnd(page)
    const first = await nextRunRecord(page, runs++)
    expect(itemStatuses(first, 'pick')).toEqual(each(KEYS, 'done'))

    // Ctrl+K → "Dailies": a row a shot in script order, each with its prompt line and two takes.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+k')
    const search = page.getByRole('combobox', { name: 'Search nodes and actions' })
    await search.fill('Dailies')
    await search.press('Enter')
    const dailies = page.getByRole('region', { name: 'Shots and takes' })
    const shots = dailies.getByRole('listitem')
    await expect.poll(() => shots.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-item-key')))).toEqual(KEYS)
    await expect.poll(() => dailies.getByRole('status').textContent()).toBe('4 of 4 shots have a select')
    const shot3 = dailies.locator('[data-item-key="3"]')
    await expect.poll(() => shot3.locator('.dailies-row__prompt').textContent()).toContain('lights a lamp')
    // Each take shows its poster; no video is mounted until a take is looked at.
    await expect.poll(() => shot3.locator('[data-poster="drawn"]').count()).toBe(2)
    expect(await dailies.locator('video').count()).toBe(0)
    expect(await shot3.locator('[data-take]').evaluateAll((takes) => takes.map((take) => take.getAttribute('data-take-state')))).toEqual(['chosen', 'open'])

    // The filter leaves only shots without a select: none yet.
    await dailies.getByLabel('Only shots without a select').check()
    await expect.poll(() => shots.count()).toBe(0)
    await dailies.getByLabel('Only shots without a select').uncheck()

    // Down to shot 3: reject take 1, choose take 2, rate it 4 and note it, all from the keyboard.
    await dailies.focus()
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown']) await page.keyboard.press(key)
    // The take under the cursor is the one video mounted.
    await expect.poll(() => dailies.locator('video').count()).toBe(1)
    expect(await shot3.locator('[data-take="0"] video').count()).toBe(1)
    for (const key of ['x', 'ArrowRight', 'Enter', '4', 'n']) await page.keyboard.press(key)
    await page.keyboard.type('her turn lands')
    await page.keyboard.press('Enter')
    await expect.poll(() => shot3.locator('[data-take]').evaluateAll((takes) => takes.map((take) => take.getAttribute('data-take-state')))).toEqual(['rejected', 'chosen'])
    await expect.poll(() => shot3.locator('.dailies-take__note').textContent()).toBe('her turn lands')
    // One undo step a change: Ctrl+Z gives the note back, Ctrl+Shift+Z takes it again.
    await page.keyboard.press('Control+z')
    await expect.poll(() => shot3.locator('.dailies-take__note').count()).toBe(0)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => shot3.locator('.dailies-take__note').count()).toBe(1)

    // The choice is the picker's param, for shot 3 alone.
    const picker = (await exportedDocument(page)).nodes.find((candidate) => candidate.id === 'pick')
    expect(picker?.params).toEqual({ selected: [0], byItem: { 3: { selected: [1], reviews: { 0: { rejected: true }, 1: { rating: 4, note: 'her turn lands' } } } } })

    await mkdir(screenshots, { recursive: true })
    // The picker's own panel shows one shot at a time, chosen from its shots, shot 3 with its own choice.
    const pickShots = node(page, 'pick').getByLabel('Shot')
    await expect.poll(() => pickShots.locator('option').allTextContents()).toEqual(['1 · no choice of its own', '2 · no choice of its own', '3 · take 2', '4 · no choice of its own'])
    await pickShots.selectOption('3')
    await node(page, 'pick').screenshot({ path: join(screenshots, 'take-picker-per-shot.png') })
    await dailies.getByRole('button', { name: 'Full window' }).click()
    await page.screenshot({ path: join(screenshots, 'dailies.png') })
    await dailies.getByRole('button', { name: 'Back to the dock' }).click()

    // Run: shot 3's pick and what gathers the shots run again, nothing else. The picker's taller
    // per-shot panel pushed the cut and the export down: fitting brings them back on screen to be read.
    await page.getByRole('button', { name: 'Fit View' }).click()
    await run(page)
    await waitForStatuses(page, { ...each(['shots', 'prompt', 'takes'], 'cached'), ...each(['pick', 'cut', 'export'], 'done') }, 300_000)
    await waitForRunEnd(page)
    const second = await nextRunRecord(page, runs)
    expect(second.status).toBe('done')
    expect(itemStatuses(second, 'takes')).toEqual(each(KEYS, 'cached'))
    expect(itemStatuses(second, 'prompt')).toEqual(each(KEYS, 'cached'))
    expect(itemStatuses(second, 'pick')).toEqual({ ...each(['1', '2', '4'], 'cached'), 3: 'done' })
    expect(second.nodes.cut).toMatchObject({ status: 'done', cached: false })
    expect(second.nodes.export).toMatchObject({ status: 'done', cached: false })
    // Shot 3's pick sent on its take 2; the other shots still send on take 1.
    const madeTakes = await cachedOutputs(page, second.nodes.takes?.items?.['3']?.cacheKey ?? '')
    const picked = await cachedOutputs(page, second.nodes.pick?.items?.['3']?.cacheKey ?? '')
    expect(Array.isArray(madeTakes?.takes) && madeTakes.takes.length).toBe(2)
    expect(picked?.video).toEqual((madeTakes?.takes as unknown[])[1])
    await expect.poll(() => node(page, 'pick').locator('.item-strip__mark[data-status="done"]').count()).toBe(1)
  }, 600_000)
})
