/**
 * Templates end to end: the gallery, a template used from its simple form without opening the
 * graph, and every built-in template run to its end offline, its media made here with ffmpeg.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtInTemplates } from '../../src/document/templates'
import { openApp, projectRoot, type OpenApp } from './harness'
import { ffmpeg } from './pipeline-files'
import { each, fromFileMenu, waitForStatuses } from './editor-page'

const screenshots = join(projectRoot, 'test-results')
let app: OpenApp
let media: string

/** The files each template's inputs take, by the label its author gave them. */
const filesFor: Record<string, Record<string, string>> = {
  // The short film opens with its own script, references and score (public/samples).
  'Short film from a script': {},
  'Shot with takes and picker': { 'Reference images': 'reference.png' },
  'Character consistency across three shots': { 'Character images': 'face.jpg' },
  'Grade to match a hero shot': { 'Hero shot': 'warm.mp4', 'Shot to match': 'cool.mp4' },
  'Replace dialogue and score': { Picture: 'cool.mp4', Dialogue: 'dialogue.wav', Score: 'score.wav' },
  'Finish: upscale to 4K and export': { 'Finished cut': 'tiny.mp4' },
  'Multi-tool: close-ups on one provider, wide shots on another': {},
}

beforeAll(async () => {
  media = await mkdtemp(join(tmpdir(), 'reelgraph-templates-'))
  const clip = (name: string, colour: string, size: string, seconds: string, fps: string) =>
    ffmpeg(['-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:r=${fps}:d=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`, '-shortest', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', join(media, name)])
  await clip('warm.mp4', '0xc08040', '160x90', '1', '12')
  await clip('cool.mp4', '0x4060a0', '160x90', '1', '12')
  // The 4K finish encodes every frame at 3840×2160: a short clip keeps the test to a few frames.
  await clip('tiny.mp4', '0x806040', '64x36', '0.5', '6')
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-ar', '48000', join(media, 'dialogue.wav')])
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=220:duration=2', '-ar', '48000', join(media, 'score.wav')])
  // A reference already in the shot's 16:9 and a portrait character still, each a single frame.
  await ffmpeg(['-f', 'lavfi', '-i', 'color=c=0x60a040:s=160x90', '-frames:v', '1', join(media, 'reference.png')])
  // The simple view's own test runs the same template: another reference keeps the gallery run below from reading its cache.
  await ffmpeg(['-f', 'lavfi', '-i', 'color=c=0x4080c0:s=160x90', '-frames:v', '1', join(media, 'simple-reference.png')])
  await ffmpeg(['-f', 'lavfi', '-i', 'color=c=0xa06040:s=90x120', '-frames:v', '1', join(media, 'face.jpg')])
  app = await openApp()
  await app.page.waitForSelector('[data-node-id="preview-1"]', { state: 'attached' })
})

afterAll(async () => {
  await app?.close()
  await rm(media, { recursive: true, force: true })
})

async function useTemplate(page: Page, name: string): Promise<void> {
  await fromFileMenu(page, 'Templates')
  const gallery = page.getByRole('dialog', { name: 'Templates' })
  await gallery.getByRole('listitem', { name, exact: true }).getByRole('button', { name: 'Use template' }).click()
  await page.getByRole('heading', { level: 1, name }).waitFor()
  await page.getByRole('form', { name: 'Template inputs' }).waitFor()
}

describe('templates', () => {
  it('shows every built-in template in the gallery with its note', async () => {
    const { page } = app
    await fromFileMenu(page, 'Templates')
    const gallery = page.getByRole('dialog', { name: 'Templates' })
    for (const template of builtInTemplates) {
      const card = gallery.getByRole('listitem', { name: template.name, exact: true })
      await expect(card.textContent()).resolves.toContain(template.description)
      // Its picture: the pipeline drawn from the template's own document, one block a node.
      await expect(card.getByRole('img').getAttribute('aria-label')).resolves.toMatch(new RegExp(`^The pipeline, ${template.nodes.length} nodes from left to right: `))
      await expect(card.locator('.pipeline-picture [data-category]').count()).resolves.toBe(template.nodes.length)
    }
    await mkdir(screenshots, { recursive: true })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: join(screenshots, 'templates-gallery-light.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(screenshots, 'templates-gallery-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
    await gallery.getByRole('button', { name: 'Close' }).click()
  })

  it('makes the person’s own template: a param marked as an input in the inspector, saved, used from the gallery as a simple form', async () => {
    const { page } = app
    await page.locator('[data-node-id="color-grade-1"]').click()
    const inspector = page.getByRole('complementary', { name: 'Inspector' })
    await inspector.getByLabel('Template input: Saturation', { exact: true }).check()
    await inspector.getByLabel('Label of the template input Saturation', { exact: true }).fill('Colour')
    await fromFileMenu(page, 'Templates')
    const gallery = page.getByRole('dialog', { name: 'Templates' })
    const saveAs = async (name: string, description: string) => {
      await gallery.getByRole('button', { name: 'Save “Mara on the ridge” as a template…' }).click()
      const form = gallery.getByRole('form', { name: 'Save as template' })
      await form.getByLabel('Name', { exact: true }).fill(name)
      await form.getByLabel('Description', { exact: true }).fill(description)
      await form.getByRole('button', { name: 'Save template' }).click()
      return form
    }
    await saveAs('Ridge look', 'Mara at dusk, with the colour to set.')
    const own = gallery.getByRole('list', { name: 'Your templates' }).getByRole('listitem', { name: 'Ridge look' })
    await expect(own.textContent()).resolves.toContain('Mara at dusk, with the colour to set.')
    await expect(own.getByRole('img').getAttribute('aria-label')).resolves.toMatch(/^The pipeline, 8 nodes from left to right: /)
    // A second template of the same name is refused on the field, and nothing more is kept.
    const refused = await saveAs('ridge look', 'Again')
    await expect(refused.getByRole('alert').textContent()).resolves.toBe('You already have a template named “ridge look”. Choose another name.')
    await page.screenshot({ path: join(screenshots, 'template-save-refused-light.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(screenshots, 'template-save-refused-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
    await expect(gallery.getByRole('list', { name: 'Your templates' }).getByRole('listitem').count()).resolves.toBe(1)
    await refused.getByRole('button', { name: 'Cancel' }).click()
    await own.getByRole('button', { name: 'Use template' }).click()
    const form = page.getByRole('form', { name: 'Template inputs' })
    await form.getByLabel('Colour', { exact: true }).first().waitFor()
    await expect(form.locator('.field').count()).resolves.toBe(1)
    await page.getByRole('button', { name: 'Open the graph' }).click()
    await page.locator('[data-node-id="color-grade-1"]').waitFor()
  })

  it('says in the simple view what to do next, marks the empty input a run stopped on, plays the film and offers the takes to choose from', async () => {
    const { page } = app
    await useTemplate(page, 'Shot with takes and picker')
    const next = page.getByRole('status', { name: 'What to do next' })
    await expect(next.textContent()).resolves.toBe('Add “Reference images”, then press Run.')
    const form = page.getByRole('form', { name: 'Template inputs' })
    const references = form.locator('[data-input="Reference images"]')
    const runState = page.locator('.run-status')
    await page.context().setOffline(true)
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => references.getAttribute('data-problem'), { timeout: 60_000 }).toBe('true')
    await expect(references.getByRole('alert').textContent()).resolves.toBe('The run needs at least one file here: add it, then press Run.')
    await expect(next.textContent()).resolves.toBe('Fill in the marked field, then press Run again.')
    await page.screenshot({ path: join(screenshots, 'simple-view-missing-light.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(screenshots, 'simple-view-missing-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })

    await references.getByLabel('Reference images', { exact: true }).setInputFiles(join(media, 'simple-reference.png'))
    await form.locator('figcaption').filter({ hasText: 'simple-reference.png' }).waitFor()
    await expect(references.getAttribute('data-problem')).resolves.toBeNull()
    await expect(next.textContent()).resolves.toBe('Press Run above to make it.')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const film = page.getByRole('region', { name: 'Results' }).locator('[data-result-of="export"] video[controls]')
    await film.waitFor({ timeout: 240_000 })
    await expect.poll(() => runState.getAttribute('data-run-state')).toBe('done')
    // The exported film plays where it is: the browser reads its length from the file.
    await expect.poll(() => film.evaluate((video: HTMLVideoElement) => video.duration)).toBeGreaterThan(1)
    await expect(next.textContent()).resolves.toBe('Done. To use another take, choose it below and press Run again: only what follows the choice is made again.')
    const takes = page.getByRole('region', { name: 'Takes' })
    await takes.getByRole('button', { name: 'Choose take 2' }).waitFor()
    await page.screenshot({ path: join(screenshots, 'simple-view-results-light.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(screenshots, 'simple-view-results-dark.png') })
    await film.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(screenshots, 'simple-view-player-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: join(screenshots, 'simple-view-player-light.png') })

    await takes.getByRole('button', { name: 'Choose take 2' }).click()
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => page.locator('[data-result-of="export"]').getAttribute('data-status'), { timeout: 120_000 }).toBe('done')
    await page.context().setOffline(false)
  }, 300_000)

  for (const template of builtInTemplates) {
    it(`runs “${template.name}” to the end offline from its simple form, without the graph`, async () => {
      const { page } = app
      const files = filesFor[template.name]
      if (!files) throw new Error(`no media listed for “${template.name}”: add it to filesFor`)
      await useTemplate(page, template.name)
      const form = page.getByRole('form', { name: 'Template inputs' })
      expect(await page.locator('.react-flow').count()).toBe(0)
      for (const [label, file] of Object.entries(files)) {
        await form.getByLabel(label, { exact: true }).setInputFiles(join(media, file))
        await form.locator('figcaption').filter({ hasText: file }).waitFor()
      }
      if (template.name.startsWith('Character')) await page.screenshot({ path: join(screenshots, 'template-simple-form-images.png') })
      if (template.name.startsWith('Multi-tool')) {
        await form.getByLabel('Wide shot: subject', { exact: true }).fill('a lighthouse on a black rock, seen from the sea')
        await page.screenshot({ path: join(screenshots, 'template-simple-form.png') })
      }
      await page.context().setOffline(true)
      await page.getByRole('button', { name: 'Run', exact: true }).click()
      // The template opened with nothing run, so any finished state is this run's.
      await expect.poll(() => page.locator('.run-status').getAttribute('data-run-state'), { timeout: 240_000, interval: 500 }).toMatch(/^(done|error|refused|cancelled)$/)
      await expect(page.locator('.run-status').getAttribute('data-run-state')).resolves.toBe('done')
      const results = page.getByRole('region', { name: 'Results' }).locator('[data-result-of]')
      const statuses = await results.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')))
      expect(statuses.length).toBeGreaterThan(0)
      expect(statuses).toEqual(statuses.map(() => 'done'))
      if (template.name.startsWith('Multi-tool')) await page.screenshot({ path: join(screenshots, 'template-simple-form-run.png') })
      if (template.name.startsWith('Character')) {
        // One Shot component placed three times, each starting from the last frame of the one before, then one cut.
        await page.getByRole('button', { name: 'Open the graph' }).click()
        await waitForStatuses(page, each(['character', 'shot-1', 'shot-2', 'shot-3', 'cut', 'export'], 'done'))
      }
      await page.context().setOffline(false)
    }, 300_000)
  }

  it('keeps a version at every save: an older one can be looked at and restored, and undo takes the restore back', async () => {
    const { page } = app
    const name = builtInTemplates.at(-1)?.name ?? ''
    await page.getByRole('button', { name: 'Open the graph' }).click()
    const nameField = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Pipeline name')
    await nameField.fill('Finish, renamed')
    await nameField.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Finish, renamed' }).waitFor()
    await page.locator('[data-save-state="saved"]').waitFor()

    await fromFileMenu(page, 'History')
    const versions = page.getByRole('dialog', { name: 'History' }).getByRole('list', { name: 'Saved versions' }).getByRole('listitem')
    await expect.poll(() => versions.count()).toBeGreaterThan(1)
    const older = versions.nth(1)
    await older.getByRole('button', { name: 'Look' }).click()
    await expect(older.getByRole('list', { name: 'Differences from the open version' }).textContent()).resolves.toContain(`Named “${name}”.`)
    await page.screenshot({ path: join(screenshots, 'history.png') })
    await older.getByRole('button', { name: 'Restore' }).click()
    await page.getByRole('heading', { level: 1, name }).waitFor()
    await page.keyboard.press('Control+z')
    await page.getByRole('heading', { level: 1, name: 'Finish, renamed' }).waitFor()
  })
})
