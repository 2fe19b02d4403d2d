/**
 * The "Short film from a script" template end to end in Chromium, offline: opened from the gallery
 * with its own script, references and temp score (public/samples), run to the exported film (six
 * shots, three animatic takes each, the picker on take 1 of every shot), the file checked with
 * ffprobe; then the Dailies choose another take for shot 3 and only shot 3's pick and what follows
 * the cut run again. What each run did is read from the app's run log.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../../src/engine'
import { exportedDocument } from './editor-document'
import { cachedOutputs, each, fromFileMenu, nextRunRecord, node, run, runRecords, select, waitForRunEnd, waitForStatuses } from './editor-page'
import { openApp, type OpenApp } from './harness'
import { probeStreams } from './pipeline-files'

const NAME = 'Short film from a script'
const SHOTS = ['1A', '1B', '1C', '2A', '2B', '2C']
/** The script's `duration` notes (public/samples/short-film.fountain) and the cut's dissolves. */
const SHOT_DURATIONS_S = [2, 2, 3, 2, 2, 2]
const DISSOLVE_S = 0.25
const BEFORE_THE_PICK = ['script', 'mara', 'theo', 'ridge', 'cafe', 'prompt', 'takes', 'score', 'mix']
const FROM_THE_PICK = ['pick', 'cut', 'grade', 'scored', 'export']

let app: OpenApp | undefined
let work: string | undefined

afterAll(async () => {
  await app?.close()
  if (work) await rm(work, { recursive: true, force: true })
})

function itemStatuses(record: RunRecord, nodeId: string): Record<string, string> {
  return Object.fromEntries(Object.entries(record.nodes[nodeId]?.items ?? {}).map(([key, item]) => [key, item.status]))
}

describe('the short film template', () => {
  it('runs offline from the gallery to a scored film, and another take for shot 3 re-runs only shot 3’s pick and the cut', async () => {
    work = await mkdtemp(join(tmpdir(), 'reelgraph-film-'))
    app = await openApp()
    const page = app.page
    await page.setViewportSize({ width: 1600, height: 900 })
    await page.locator('.react-flow__node').first().waitFor()

    await fromFileMenu(page, 'Templates')
    const gallery = page.getByRole('dialog', { name: 'Templates' })
    // First in the gallery.
    await expect(gallery.getByRole('list', { name: 'Built-in templates' }).getByRole('listitem').first().getAttribute('aria-label')).resolves.toBe(NAME)
    await gallery.getByRole('listitem', { name: NAME, exact: true }).getByRole('button', { name: 'Use template' }).click()
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor()
    // It opens with its samples: the script, Mara, Theo, both locations and the score are set.
    const form = page.getByRole('form', { name: 'Template inputs' })
    for (const file of ['short-film.fountain', 'mara-portrait.jpg', 'theo-portrait.jpg', 'dusk-hills.jpg', 'station-cafe.jpg', 'temp-score.opus']) {
      await form.getByText(file).first().waitFor()
    }
    await page.getByRole('button', { name: 'Open the graph' }).click()
    await node(page, 'script').waitFor()

    await page.context().setOffline(true)
    let runs = (await runRecords(page)).length
    await run(page)
    await waitForStatuses(page, each([...BEFORE_THE_PICK, ...FROM_THE_PICK], 'done'), 300_000)
    await waitForRunEnd(page)
    const first = await nextRunRecord(page, runs++)
    expect(first.status).toBe('done')
    for (const id of ['prompt', 'takes', 'pick']) expect(itemStatuses(first, id)).toEqual(each(SHOTS, 'done'))

    const download = page.waitForEvent('download')
    await node(page, 'export').getByRole('link', { name: /^Download / }).dispatchEvent('click')
    const film = join(work, 'film.mp4')
    await (await download).saveAs(film)
    const streams = await probeStreams(film)
    const picture = streams.find((stream) => stream.codec_type === 'video')
    const sound = streams.find((stream) => stream.codec_type === 'audio')
    const expectedS = SHOT_DURATIONS_S.reduce((sum, seconds) => sum + seconds, 0) - DISSOLVE_S * (SHOTS.length - 1)
    expect(Math.abs(Number(picture?.duration) - expectedS)).toBeLessThan(0.1)
    expect(picture?.height).toBe(480)
    expect(sound).toBeDefined()
    expect(Math.abs(Number(sound?.duration) - expectedS)).toBeLessThan(0.1)

    // The Dailies: shot 3 (1C) gets its take 2.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+k')
    const search = page.getByRole('combobox', { name: 'Search nodes and actions' })
    await search.fill('Dailies')
    await search.press('Enter')
    const dailies = page.getByRole('region', { name: 'Shots and takes' })
    await expect.poll(() => dailies.getByRole('status').textContent()).toBe('6 of 6 shots have a select')
    const shot3 = dailies.locator('[data-item-key="1C"]')
    await expect.poll(() => shot3.locator('[data-take]').evaluateAll((takes) => takes.map((take) => take.getAttribute('data-take-state')))).toEqual(['chosen', 'open', 'open'])
    await dailies.focus()
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'Enter']) await page.keyboard.press(key)
    await expect.poll(() => shot3.locator('[data-take]').evaluateAll((takes) => takes.map((take) => take.getAttribute('data-take-state')))).toEqual(['open', 'chosen', 'open'])
    const picker = (await exportedDocument(page)).nodes.find((candidate) => candidate.id === 'pick')
    expect(picker?.params).toMatchObject({ selected: [0], byItem: { '1C': { selected: [1] } } })

    // Read from the run log: with the Dailies open, part of the graph is out of view.
    await run(page)
    await expect.poll(async () => (await runRecords(page)).length, { timeout: 300_000 }).toBeGreaterThan(runs)
    const second = await nextRunRecord(page, runs)
    expect(second.status).toBe('done')
    expect(Object.fromEntries(Object.entries(second.nodes).map(([id, entry]) => [id, entry.status]))).toEqual({
      ...each(BEFORE_THE_PICK, 'cached'),
      ...each(FROM_THE_PICK, 'done'),
    })
    expect(itemStatuses(second, 'prompt')).toEqual(each(SHOTS, 'cached'))
    expect(itemStatuses(second, 'takes')).toEqual(each(SHOTS, 'cached'))
    expect(itemStatuses(second, 'pick')).toEqual({ ...each(SHOTS, 'cached'), '1C': 'done' })
    for (const id of ['cut', 'grade', 'scored', 'export']) expect(second.nodes[id]).toMatchObject({ status: 'done', cached: false })
    const madeTakes = await cachedOutputs(page, second.nodes.takes?.items?.['1C']?.cacheKey ?? '')
    const picked = await cachedOutputs(page, second.nodes.pick?.items?.['1C']?.cacheKey ?? '')
    expect(picked?.video).toEqual((madeTakes?.takes as unknown[])[1])

    // Each location goes to the shots set there: a location no scene heading names says so on its node.
    await page.getByRole('button', { name: 'Fit View' }).click()
    await expect.poll(() => node(page, 'cafe').locator('.panel-notice').count()).toBe(0)
    await select(page, 'cafe')
    await page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Name', { exact: true }).fill('Docks')
    await expect
      .poll(() => node(page, 'cafe').getByRole('status').textContent())
      .toMatch(/^No shot in the script is set at Docks, so no shot gets this reference/)
    // Framed close, as a person would look at it.
    await node(page, 'cafe').locator('.node__header').click()
    await page.keyboard.press('f')
    await page.waitForTimeout(500)
    await node(page, 'cafe').screenshot({ path: 'test-results/film-reference-unused.png' })
    // A character no shot names says so on its node too.
    expect(await node(page, 'theo').getByRole('status').count()).toBe(0)
    await page.getByRole('button', { name: 'Fit View' }).click()
    await select(page, 'theo')
    await page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Name', { exact: true }).fill('Ines')
    await expect
      .poll(() => node(page, 'theo').getByRole('status').textContent())
      .toMatch(/^No shot in the script has Ines in it, so no shot gets this reference/)
    await page.context().setOffline(false)
  }, 600_000)
})
