#!/usr/bin/env node
/**
 * `npm run screenshots`: the README's pictures of the canvas, made again from the built app
 * (`npm run build` first). The default pipeline is run, its references and prompt framed as a
 * group and a note added, as a person would with the keyboard; then the canvas is shot in the dark
 * and the light theme into docs/screenshots/, and once the run has ended, the canvas with the dock's
 * Log tab open under it (each node keeping its newest line, the panel every line of the run).
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { launchChromium } from './chromium.mjs'
import { distDir, projectRoot } from './dist.mjs'
import { serveStatic } from './serve.mjs'

const outDir = join(projectRoot, 'docs', 'screenshots')

const served = await serveStatic({ root: distDir })
const browser = await launchChromium()
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage())
  await page.setViewportSize({ width: 1440, height: 860 })
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(served.url)
  await page.waitForSelector('[data-node-id="preview-1"]')

  await page.keyboard.press('Control+Enter')
  // Five animatic takes are rendered first: a generous wait on a slow machine.
  await page.waitForSelector('[data-node-id="preview-1"][data-status="done"], [data-node-id="preview-1"][data-status="cached"]', { timeout: 300_000 })

  // Frame the references and the shot's prompt as one shot.
  await page.locator('[data-node-id="reference-image-1"] .node__header').click()
  await page.locator('[data-node-id="reference-image-2"] .node__header').click({ modifiers: ['Control'] })
  await page.locator('[data-node-id="prompt-1"] .node__header').click({ modifiers: ['Control'] })
  await page.keyboard.press('Control+G')
  await page.getByLabel('Group name').first().fill('Shot 1 · Mara on the ridge')
  await page.keyboard.press('Enter')
  await page.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } })

  // A note for the colourist, beside the graded shot.
  const graded = await page.locator('[data-node-id="preview-1"]').boundingBox()
  if (!graded) throw new Error('the graded shot is not on screen')
  await page.mouse.move(graded.x + 40, graded.y + graded.height + 40)
  await page.keyboard.press('n')
  await page.keyboard.type('Match the warmth of the hero shot; keep the sky from clipping.')
  await page.keyboard.press('Escape')
  await page.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } })
  await page.mouse.move(0, 0)

  await mkdir(outDir, { recursive: true })
  await shootBothThemes(page, 'canvas')

  // The export writes the previz file last: its line ends the log.
  await page.waitForSelector('[data-node-id="export-1"][data-status="done"], [data-node-id="export-1"][data-status="cached"]', { timeout: 300_000 })
  await page.keyboard.press('Control+Shift+G')
  await page.waitForSelector('.log__lines tbody tr')
  // The canvas above the dock is smaller now: the whole pipeline (nothing selected) is framed in it again.
  await page.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } })
  await page.keyboard.press('f')
  await page.mouse.move(0, 0)
  // The framing glides for 300 ms.
  await page.waitForTimeout(600)
  await shootBothThemes(page, 'log')
} finally {
  await browser.close()
  await served.close()
}

/** The page as it is, in the dark and the light theme: docs/screenshots/<name>-<theme>.png. */
async function shootBothThemes(page, name) {
  for (const scheme of ['dark', 'light']) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.waitForFunction((expected) => document.documentElement.dataset.theme === expected, scheme)
    await page.waitForTimeout(300)
    const file = join(outDir, `${name}-${scheme}.png`)
    await page.screenshot({ path: file })
    console.log(`wrote ${file}`)
  }
}
