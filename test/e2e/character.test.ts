/**
 * A character and a shot on the canvas, driven as a person drives them: reference images chosen
 * several at once on the character node and removed one by one, kept in the document; the
 * generate node saying before a run what it will cost and make, refusing a shot its provider
 * cannot make with the reason on the node, and counting the takes after a run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { exportedDocument } from './editor-document'
import { openApp, type OpenApp } from './harness'
import { ffmpeg, pipelineDoc, pipelineLink as link, pipelineNode as node } from './pipeline-files'
import { fromFileMenu } from './editor-page'

let app: OpenApp | undefined
let work: string
const angles = ['front', 'profile', 'back'] as const

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-character-'))
  for (const [i, angle] of angles.entries()) {
    await ffmpeg(['-f', 'lavfi', '-i', `color=c=0x${['c04040', '40a040', '4060c0'][i]}:s=200x300`, '-frames:v', '1', join(work, `${angle}.png`)])
  }
})

afterEach(async () => {
  await app?.close()
  app = undefined
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/**
 * How many rows the run bar's buttons sit in, from their boxes: a button starts a new row when it
 * begins below the bottom of the row above (the glyph buttons are a little shorter than the others,
 * so tops alone differ by a pixel or two within one row).
 */
async function runBarRows(page: Page): Promise<number> {
  const boxes = []
  for (const button of await page.locator('.run-bar button:visible').all()) {
    const box = await button.boundingBox()
    if (box) boxes.push(box)
  }
  boxes.sort((a, b) => a.y - b.y)
  let rows = 0
  let rowBottom = -Infinity
  for (const box of boxes) {
    if (box.y >= rowBottom) rows++
    rowBottom = Math.max(rowBottom, box.y + box.height)
  }
  return rows
}

const shot = pipelineDoc({
  id: 'quay',
  name: 'Mara on the quay',
  nodes: [
    node('mara', 'character', { name: 'Mara', description: 'a woman in her thirties, red wool coat' }),
    node(
      'shot',
      'prompt',
      {
        subject: '{mara}, {mara.description},',
        action: 'waits on the quay',
        environment: 'a harbour at dusk',
        camera: 'slow orbit',
        lighting: 'low sun',
        mood: 'calm',
        durationS: 2,
      },
      { at: { x: 300, y: 0 } },
    ),
    node('gen', 'generate-video', { takes: 2, height: 480 }, { at: { x: 600, y: 0 } }),
  ],
  edges: [link('mara', 'character', 'shot', 'vars'), link('shot', 'prompt', 'gen', 'prompt')],
})

async function openShot(): Promise<Page> {
  app = await openApp()
  const page = app.page
  await page.waitForSelector('[data-node-id]')
  await fromFileMenu(page, 'Import')
  await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({ name: 'quay.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(shot)) })
  await page.locator('[data-node-id="gen"]').waitFor()
  return page
}

describe('a character and a shot on the canvas', () => {
  it('takes several reference images at once, removes one, and keeps them in the document', async () => {
    const page = await openShot()
    const mara = page.locator('[data-node-id="mara"]')
    await expect(mara.textContent()).resolves.toContain('In prompts: {mara} {mara.description}')
    await mara.getByLabel('Choose reference images').setInputFiles(await Promise.all(angles.map(async (angle) => ({
      name: `${angle}.png`,
      mimeType: 'image/png',
      buffer: await readFile(join(work, `${angle}.png`)),
    }))))
    const tiles = mara.getByRole('list', { name: 'Reference images' }).getByRole('listitem')
    await expect.poll(() => tiles.count()).toBe(3)
    await mara.getByRole('button', { name: 'Remove profile.png' }).click()
    await expect.poll(() => tiles.count()).toBe(2)

    const saved = (await exportedDocument(page)).nodes.find((candidate) => candidate.id === 'mara')
    const images = saved?.params.images as { kind: string; meta: { name: string; width: number } }[]
    expect(images.map((image) => [image.kind, image.meta.name, image.meta.width])).toEqual([
      ['image', 'front.png', 200],
      ['image', 'back.png', 200],
    ])
  })

  it('says what a run will cost and make before it runs, refuses what the provider cannot make, and counts the takes after', async () => {
    const page = await openShot()
    const gen = page.locator('[data-node-id="gen"]')
    // The shot's length is read from the linked prompt node's settings before anything has run.
    await expect.poll(() => gen.locator('.generate-plan').textContent()).toBe('Free · rendered on this machine, offline2 takes × 2 s · 854×480 · 24 fpsAnimatic (local previz)')

    await gen.locator('.node__header').click()
    await page.getByRole('form', { name: 'Settings' }).getByLabel('Duration', { exact: true }).fill('30')
    await expect.poll(() => gen.getByRole('alert').textContent()).toBe('Cannot run: 30 s is longer than this provider makes (at most 25 s)')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await page.locator('[data-node-id="gen"][data-status="error"]').waitFor({ timeout: 60_000 })
    await expect(gen.locator('.node__message').textContent()).resolves.toBe(
      'Animatic (local previz): 30 s is longer than this provider makes (at most 25 s)',
    )

    await page.getByRole('form', { name: 'Settings' }).getByLabel('Duration', { exact: true }).fill('2')
    await expect.poll(() => gen.locator('.generate-plan__shot').textContent()).toBe('2 takes × 2 s · 854×480 · 24 fps')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await page.locator('[data-node-id="gen"][data-status="done"]').waitFor({ timeout: 240_000 })
    await expect(gen.locator('.generate-plan__takes').textContent()).resolves.toBe('2 takes · 4 s in all')
    await expect.poll(() => page.locator('.run-status__line').textContent()).toMatch(/ · generation free$/)
    // A status that long leaves the run bar one row, in a laptop's window as in a larger one, and is read whole in its tooltip.
    const status = page.locator('.run-status__line')
    await expect(status.getAttribute('title')).resolves.toBe(await status.textContent())
    for (const [width, height] of [[1440, 900], [1280, 800]] as const) {
      await page.setViewportSize({ width, height })
      await expect.poll(() => runBarRows(page), { message: `${width}×${height}` }).toBe(1)
      await page.locator('.run-bar').screenshot({ path: `test-results/run-bar-done-${width}.png` })
    }
    // The default view of the takes stays under the panel.
    await expect(gen.locator('.node__result video').count()).resolves.toBe(1)
  })
})
