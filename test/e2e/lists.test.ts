/**
 * Lists end to end in Chromium: six shot texts through one chain — prompt → animatic takes → pick →
 * sequence → export — each shot run and cached on its own. Changing shot 4 runs only shot 4's
 * chain and what gathers it; after a reload everything comes from the cache. What each run did is
 * read from the app's run log.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { leaveField, pastePipeline } from './editor-document'
import { each, nextRunRecord, node, run, runRecords, select, waitForRunEnd, waitForSave, waitForStatuses } from './editor-page'
import { openApp, projectRoot, type OpenApp } from './harness'
import { itemStatuses, shotChain } from './pipeline-files'

const screenshots = join(projectRoot, 'test-results')
const PER_SHOT = ['prompt', 'takes', 'pick']
const GATHERING = ['cut', 'export']
const NODES = ['shots', ...PER_SHOT, ...GATHERING]
const SHOTS = ['walks to the pier', 'looks at the sea', 'lights a lamp', 'waves to a boat', 'sits on a crate', 'walks away']

const shotList = shotChain('six-shots', 'Six shots, one chain', SHOTS)

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})


describe('a list of shots through one chain', () => {
  it('runs each shot on its own, re-runs only a changed shot and what gathers it, and after a reload takes everything from the cache', async () => {
    app = await openApp()
    const page = app.page
    await page.setViewportSize({ width: 1800, height: 900 })
    await page.locator('.react-flow__node').first().waitFor()
    await pastePipeline(page, shotList)
    let runs = (await runRecords(page)).length

    await run(page)
    await waitForStatuses(page, each(NODES, 'done'), 300_000)
    await waitForRunEnd(page)
    const first = await nextRunRecord(page, runs++)
    expect(first.status).toBe('done')
    for (const id of PER_SHOT) expect(itemStatuses(first, id)).toEqual(each(['1', '2', '3', '4', '5', '6'], 'done'))
    expect(first.nodes.takes?.parts).toEqual({ reused: 0, made: 12 })
    expect(first.nodes.cut?.items).toBeUndefined()
    await expect.poll(() => node(page, 'takes').locator('.item-strip__count').textContent()).toBe('×6')
    await expect.poll(() => node(page, 'pick').locator('.item-strip__mark[data-status="done"]').count()).toBe(6)

    // Shot 4 changes in the inspector: only its chain, and what gathers the shots, runs again.
    await select(page, 'shots')
    const inspector = page.getByRole('complementary', { name: 'Inspector' })
    await inspector.getByLabel('Text 4', { exact: true }).fill('action: waves to a passing ship')
    await leaveField(page)
    await run(page)
    await waitForStatuses(page, each(NODES, 'done'), 300_000)
    await waitForRunEnd(page)
    const second = await nextRunRecord(page, runs++)
    for (const id of PER_SHOT) expect(itemStatuses(second, id), id).toEqual({ ...each(['1', '2', '3', '5', '6'], 'cached'), 4: 'done' })
    expect(second.nodes.takes?.parts).toEqual({ reused: 0, made: 2 })
    expect(second.nodes.cut).toMatchObject({ status: 'done', cached: false })
    expect(second.nodes.export).toMatchObject({ status: 'done', cached: false })
    await expect.poll(() => node(page, 'takes').locator('.item-strip__mark[data-status="cached"]').count()).toBe(5)

    // The preview dock shows one shot at a time, chosen by its key.
    await select(page, 'pick')
    const item = page.getByLabel('Item', { exact: true }).first()
    await item.selectOption('4')
    await mkdir(screenshots, { recursive: true })
    await page.screenshot({ path: join(screenshots, 'lists.png') })

    // After a reload nothing runs again.
    await waitForSave(page)
    await page.reload()
    await node(page, 'takes').waitFor()
    // Before any run, each per-item node shows its stored items, and the preview dock shot 4's take.
    await expect.poll(() => node(page, 'pick').locator('.item-strip__mark[data-status="cached"]').count()).toBe(6)
    expect(await node(page, 'pick').getAttribute('data-status')).toBe('idle')
    await select(page, 'pick')
    await page.getByLabel('Item', { exact: true }).first().selectOption('4')
    await page.screenshot({ path: join(screenshots, 'lists-reloaded.png') })
    await run(page)
    await waitForStatuses(page, each(NODES, 'cached'), 120_000)
    await waitForRunEnd(page)
    const third = await nextRunRecord(page, runs)
    expect(third.status).toBe('done')
    for (const id of NODES) expect(third.nodes[id], id).toMatchObject({ status: 'cached', cached: true })
    for (const id of PER_SHOT) expect(itemStatuses(third, id)).toEqual(each(['1', '2', '3', '4', '5', '6'], 'cached'))
  }, 600_000)
})
