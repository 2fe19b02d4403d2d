/**
 * The inspector's controls for structured params, end to end: a mix with two sounds linked into it,
 * its tracks (a row per link), ducking and loudness set in the form, and the document read back
 * through the app's export.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { drawLink, exportedDocument, pastePipeline } from './editor-document'
import { openApp, projectRoot, type OpenApp } from './harness'
import { pipelineDoc, pipelineNode } from './pipeline-files'
import { fromFileMenu, select } from './editor-page'

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

async function mixParams(page: Page): Promise<Record<string, unknown> | undefined> {
  return (await exportedDocument(page)).nodes.find((node) => node.type === 'mix')?.params
}

describe('the inspector of a mix', () => {
  it('edits its tracks row by row, its ducking as a group and its loudness target as a nullable number', async () => {
    app = await openApp()
    const page = app.page
    await page.waitForSelector('.react-flow__node')
    await fromFileMenu(page, 'Import')
    const sound = (id: string, y: number) => pipelineNode(id, 'audio-input', {}, { at: { x: 0, y } })
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({
      name: 'sounds.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify(pipelineDoc({
          id: 'sounds',
          name: 'Two sounds',
          nodes: [
            sound('line', 0),
            sound('drone', 260),
            pipelineNode('mix', 'mix', {}, { at: { x: 360, y: 100 } }),
          ],
        })),
      ),
    })
    await page.locator('[data-node-id="mix"]').waitFor()
    // The report says what the links will fix.
    await expect(page.getByRole('dialog').textContent()).resolves.toContain('input "tracks" needs a link')
    await page.getByRole('button', { name: 'Done', exact: true }).click()
    await page.locator('[data-node-id="mix"] .node__header').click()
    const settings = page.getByRole('form', { name: 'Settings' })
    const tracks = settings.locator('fieldset.field--list')
    await expect(tracks.textContent()).resolves.toContain('Link a node into tracks and its row appears here.')
    // A row per linked sound, in link order, titled with the node it comes from; none to add by hand.
    await drawLink(page, { node: 'line', port: 'audio' }, { node: 'mix', port: 'tracks' })
    await drawLink(page, { node: 'drone', port: 'audio' }, { node: 'mix', port: 'tracks' })
    const rows = tracks.locator('details.field__entry')
    await expect.poll(() => rows.count()).toBe(2)
    await expect(rows.locator('summary > span:first-child').allTextContents()).resolves.toEqual(['Track 1 · Sound', 'Track 2 · Sound'])
    await expect(tracks.getByRole('button', { name: 'Add track' }).count()).resolves.toBe(0)

    const second = rows.nth(1)
    await second.getByLabel('Role').selectOption('score')
    await second.getByLabel('Gain', { exact: true }).fill('-6')
    await second.getByLabel('Loop').check()
    await expect.poll(async () => (await mixParams(page))?.tracks).toEqual([
      { role: 'original', gainDb: 0, offsetS: 0, trimStartS: 0, trimEndS: 0, fadeInS: 0, fadeOutS: 0, loop: false, mute: false, solo: false },
      { role: 'score', gainDb: -6, offsetS: 0, trimStartS: 0, trimEndS: 0, fadeInS: 0, fadeOutS: 0, loop: true, mute: false, solo: false },
    ])
    await expect(second.locator('summary').textContent()).resolves.toContain('score')

    await settings.locator('fieldset.field--group').getByLabel('Amount', { exact: true }).fill('12')
    await expect.poll(async () => (await mixParams(page))?.duck).toEqual({ amountDb: 12, thresholdDb: -40, attackMs: 40, releaseMs: 350 })

    const normalise = settings.getByLabel('Normalise')
    await expect(normalise.isChecked()).resolves.toBe(true)
    await settings.getByLabel('Loudness', { exact: true }).fill('-23')
    await expect.poll(async () => (await mixParams(page))?.targetLufs).toBe(-23)
    // Tall enough for the whole form, so the picture shows every control without scrolling.
    await page.setViewportSize({ width: 1400, height: 2000 })
    await page.locator('.inspector').screenshot({ path: join(projectRoot, 'test-results', 'mix-inspector.png') })
    await normalise.uncheck()
    await expect.poll(async () => (await mixParams(page))?.targetLufs).toBeNull()
    await expect(settings.getByLabel('Loudness', { exact: true }).count()).resolves.toBe(0)

    // Deleting the first sound takes its link and its row; one undo brings both back.
    await page.locator('[data-node-id="line"] .node__header').click()
    await page.keyboard.press('Delete')
    await expect.poll(async () => ((await mixParams(page))?.tracks as { role: string }[] | undefined)?.map((track) => track.role)).toEqual(['score'])
    await page.keyboard.press('Control+z')
    await expect.poll(async () => ((await mixParams(page))?.tracks as { role: string }[] | undefined)?.map((track) => track.role)).toEqual(['original', 'score'])
    await expect((await exportedDocument(page)).edges.map((edge) => edge.from.node)).toEqual(['line', 'drone'])
  })
})

describe('the inspector of an upscale', () => {
  it('chooses ×2 or ×4 as a segmented choice, and shows empty optional numbers as what the node will use', async () => {
    app = await openApp()
    const page = app.page
    await page.waitForSelector('.react-flow__node')
    await pastePipeline(page, pipelineDoc({
      id: 'finish',
      name: 'Finish',
      nodes: [
        pipelineNode('enlarge', 'upscale'),
      ],
    }))
    const paramsOf = async (id: string) => (await exportedDocument(page)).nodes.find((node) => node.id === id)?.params
    await select(page, 'enlarge')
    const settings = page.getByRole('form', { name: 'Settings' })
    const scale = settings.getByRole('radiogroup', { name: 'Scale' })
    await expect(scale.getByRole('radio', { name: '×2' }).isChecked()).resolves.toBe(true)
    await scale.getByRole('radio', { name: '×4' }).click()
    await expect.poll(async () => (await paramsOf('enlarge'))?.scale).toBe(4)
    await expect(scale.getByRole('radio', { name: '×4' }).isChecked()).resolves.toBe(true)

    // Width and height are empty until set: the box says the scale decides, never their minimum.
    const width = settings.getByLabel('Width', { exact: true })
    await expect(width.inputValue()).resolves.toBe('')
    await expect(width.getAttribute('placeholder')).resolves.toBe('By scale')
    await width.fill('1920')
    await expect.poll(async () => (await paramsOf('enlarge'))?.width).toBe(1920)
    await width.fill('')
    await expect.poll(async () => (await paramsOf('enlarge'))?.width).toBeUndefined()
    await expect(settings.getByRole('alert').count()).resolves.toBe(0)
    for (const theme of ['dark', 'light'] as const) {
      if (await page.evaluate((wanted) => document.documentElement.dataset.theme !== wanted, theme)) await page.getByRole('button', { name: 'Dark theme' }).click()
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme)
      await page.locator('.inspector').screenshot({ path: join(projectRoot, 'test-results', `upscale-inspector-${theme}.png`) })
    }
  })
})
