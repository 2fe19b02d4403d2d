/**
 * Takes end to end in Chromium, on the default pipeline a new user finds: five animatic takes on
 * the picker that play, a pick that flows into the grade and the export, a reload that keeps the
 * pick and regenerates nothing, two more takes made without remaking five, and a cancel that keeps
 * the takes already finished. What each run did is read from the app's run log.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { exportedDocument, leaveField } from './editor-document'
import type { AssetRef } from '../../src/engine'
import { CHARACTER, DEFAULT_NODES, GRADE, GRADED_SHOT, PICKER, PREVIZ_FILE, TAKES } from './default-pipeline'
import { cachedOutputs, each, isPinned, nextRunRecord, node, run, runRecords, select, waitForRunEnd, waitForSave, waitForStatuses } from './editor-page'
import { openApp, projectRoot, type OpenApp } from './harness'

const PIPELINE = DEFAULT_NODES
const AFTER_PICKER = [PICKER, GRADE, GRADED_SHOT, PREVIZ_FILE]
const screenshots = join(projectRoot, 'test-results')

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

/** The name of the take the picker sent on in the run whose picker result is at `cacheKey`. */
async function chosenTake(page: Page, cacheKey: string | undefined): Promise<string | undefined> {
  return ((await cachedOutputs(page, cacheKey ?? ''))?.video as AssetRef | undefined)?.meta.name
}

function takeCards(page: Page) {
  return node(page, PICKER).getByRole('list', { name: 'Takes' }).getByRole('listitem')
}

function inspector(page: Page) {
  return page.getByRole('complementary', { name: 'Inspector' })
}

/** Whether each take's clip has loaded a frame to show. */
function takesLoaded(page: Page): Promise<boolean[]> {
  return node(page, PICKER)
    .locator('video')
    .evaluateAll((videos) => videos.map((video) => (video as HTMLVideoElement).readyState >= 2))
}

async function chosenTakes(page: Page): Promise<unknown> {
  return (await exportedDocument(page)).nodes.find((candidate) => candidate.id === PICKER)?.params.selected
}

describe('takes on the default pipeline', () => {
  it('shows five takes that play, sends the pick downstream, keeps it and every take across a reload, adds two takes, and keeps finished takes on cancel', async () => {
    app = await openApp()
    const page = app.page
    await page.setViewportSize({ width: 1600, height: 900 })
    await node(page, PICKER).waitFor()
    let runs = (await runRecords(page)).length

    // A first run makes five takes; the default has take 1 chosen, so it runs to the file.
    await run(page)
    await waitForStatuses(page, each(PIPELINE, 'done'), 300_000)
    const first = await nextRunRecord(page, runs++)
    expect(first.nodes[TAKES]).toMatchObject({ status: 'done', parts: { reused: 0, made: 5 } })
    await expect.poll(() => takeCards(page).count()).toBe(5)
    await expect.poll(() => takesLoaded(page)).toEqual([true, true, true, true, true])
    // The file is named for the pipeline and the node; which take it holds is the picker's output.
    await expect.poll(() => node(page, PREVIZ_FILE).textContent()).toContain('Previz file.mp4')
    // The character reference was cropped from its 600×800 portrait to the shot's 16:9, named and given its role.
    const character = await cachedOutputs(page, first.nodes[CHARACTER]?.cacheKey ?? '')
    expect((character?.images as AssetRef[] | undefined)?.map((image) => image.meta)).toEqual([
      { name: 'Mara', role: 'character', width: 600, height: 338 },
    ])
    // The chosen take is pinned: no eviction takes it.
    const picked = (await cachedOutputs(page, first.nodes[PICKER]?.cacheKey ?? ''))?.video as AssetRef | undefined
    expect(picked?.meta.take).toBe(1)
    await expect(isPinned(page, picked?.hash ?? '')).resolves.toBe(true)
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    await mkdir(screenshots, { recursive: true })
    await page.screenshot({ path: join(screenshots, 'default-pipeline.png') })

    // A take plays while the pointer is over it.
    const third = takeCards(page).nth(2)
    const video = third.locator('video')
    await video.hover()
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => !element.paused && element.currentTime > 0)).toBe(true)

    // Take 3 chosen (in place of take 1), take 2 rejected and rated, a note on take 3: all in the document.
    await third.getByRole('button', { name: 'Choose take 3' }).click()
    await takeCards(page).nth(1).getByRole('button', { name: 'Reject take 2' }).click()
    await takeCards(page).nth(1).getByRole('button', { name: '2 of 5' }).click()
    await third.getByRole('button', { name: '5 of 5' }).click()
    await third.getByLabel('Note on take 3').fill('steadiest push-in')
    await expect.poll(() => chosenTakes(page)).toEqual([2])
    const picker = (await exportedDocument(page)).nodes.find((candidate) => candidate.id === PICKER)
    expect(picker?.params.reviews).toEqual({ 1: { rejected: true, rating: 2 }, 2: { rating: 5, note: 'steadiest push-in' } })
    await expect(third.getAttribute('data-take-state')).resolves.toBe('chosen')
    await expect(takeCards(page).nth(1).getAttribute('data-take-state')).resolves.toBe('rejected')

    // The pick flows downstream: only the picker and what follows it run; the takes come from the cache.
    await leaveField(page)
    await run(page)
    await waitForStatuses(page, { ...each(AFTER_PICKER, 'done'), [TAKES]: 'cached' }, 300_000)
    const repicked = await nextRunRecord(page, runs++)
    await expect(chosenTake(page, repicked.nodes[PICKER]?.cacheKey)).resolves.toBe('take 3')
    const takes = (await cachedOutputs(page, repicked.nodes[TAKES]?.cacheKey ?? ''))?.takes as AssetRef[] | undefined
    expect(takes).toHaveLength(5)
    await expect(isPinned(page, takes?.[2]?.hash ?? '')).resolves.toBe(true)
    // A take never chosen stays a cache entry like any other, free to go when space runs out.
    await expect(isPinned(page, takes?.[1]?.hash ?? '')).resolves.toBe(false)

    // After a reload the pick is still there, and nothing is made again.
    await waitForSave(page)
    await page.reload()
    await node(page, PICKER).waitFor()
    await expect.poll(() => takeCards(page).count()).toBe(5)
    await expect(takeCards(page).nth(2).getByRole('button', { name: 'Choose take 3' }).getAttribute('aria-pressed')).resolves.toBe('true')
    await expect(takeCards(page).nth(2).getByLabel('Note on take 3').inputValue()).resolves.toBe('steadiest push-in')
    await run(page)
    await waitForStatuses(page, each(PIPELINE, 'cached'))
    const reloaded = await nextRunRecord(page, runs++)
    expect(Object.values(reloaded.nodes).map((entry) => entry.status)).toEqual(PIPELINE.map(() => 'cached'))

    // Rating a take is a note: it is saved, and nothing goes out of date.
    await takeCards(page).nth(3).getByRole('button', { name: '4 of 5' }).click()
    await expect.poll(async () => (await exportedDocument(page)).nodes.find((candidate) => candidate.id === PICKER)?.params.reviews).toMatchObject({ 3: { rating: 4 } })
    expect(await page.locator('[data-stale="true"]').count()).toBe(0)

    // Seven takes instead of five: two are made, five reused; the pick stands.
    await select(page, TAKES)
    await inspector(page).getByLabel('Takes', { exact: true }).fill('7')
    await leaveField(page)
    await waitForRunEnd(page)
    await run(page)
    await waitForStatuses(page, { [TAKES]: 'done', [PICKER]: 'done' }, 300_000)
    await waitForRunEnd(page)
    const more = await nextRunRecord(page, runs++)
    expect(more.nodes[TAKES]).toMatchObject({ status: 'done', parts: { reused: 5, made: 2 } })
    await expect.poll(() => takeCards(page).count()).toBe(7)
    await expect(chosenTake(page, more.nodes[PICKER]?.cacheKey)).resolves.toBe('take 3')

    // A new seed makes seven new takes; cancelled after the first few, those few are kept.
    await select(page, TAKES)
    await inspector(page).getByLabel('Seed', { exact: true }).fill('2')
    await leaveField(page)
    await run(page)
    const progress = node(page, TAKES).getByRole('progressbar', { name: 'Progress' })
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow').catch(() => '0')), { timeout: 300_000 }).toBeGreaterThanOrEqual(40)
    await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await waitForStatuses(page, { [TAKES]: 'cancelled', [PICKER]: 'cancelled' })
    const cancelled = await nextRunRecord(page, runs++)
    expect(cancelled.status).toBe('cancelled')
    const finished = cancelled.nodes[TAKES]?.parts?.made ?? 0
    expect(finished).toBeGreaterThanOrEqual(2)
    expect(finished).toBeLessThan(7)

    await run(page)
    await waitForStatuses(page, { [TAKES]: 'done' }, 300_000)
    await waitForRunEnd(page)
    const resumed = await nextRunRecord(page, runs)
    expect(resumed.nodes[TAKES]).toMatchObject({ status: 'done', parts: { reused: finished, made: 7 - finished } })

    // The picker close to full size, to look at.
    for (let step = 0; step < 3; step++) await page.getByRole('button', { name: 'Zoom In' }).click()
    await node(page, PICKER).screenshot({ path: join(screenshots, 'take-picker.png') })
  }, 900_000)
})
