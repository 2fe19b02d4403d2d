/**
 * The inspector's controls for structured params, end to end: a mix added from the palette, its
 * tracks, ducking and loudness set in the form, and the document read back through the app's export.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { exportedDocument } from './editor-document'
import { openApp, projectRoot, type OpenApp } from './harness'

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
    await page.getByLabel('Search nodes').fill('mix')
    await page.getByRole('button', { name: 'Add Mix' }).click()
    const settings = page.getByRole('form', { name: 'Settings' })
    const tracks = settings.locator('fieldset.field--list')
    await tracks.getByRole('button', { name: 'Add track' }).click()
    await tracks.getByRole('button', { name: 'Add track' }).click()
    const rows = tracks.locator('details.field__entry')
    await expect.poll(() => rows.count()).toBe(2)

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

    await rows.nth(0).getByRole('button', { name: 'Remove track 1' }).click()
    await expect.poll(async () => ((await mixParams(page))?.tracks as { role: string }[] | undefined)?.map((track) => track.role)).toEqual(['score'])
  })
})
