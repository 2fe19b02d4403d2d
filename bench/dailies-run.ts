/**
 * The Dailies benchmark: the editor in headless Chromium (software rendering) with a 40-shot film's
 * 120 takes (2 s, 480p) in the Dailies, full window, scrolled from top to bottom and back by the
 * mouse wheel for a few seconds, in frames per second from requestAnimationFrame. Run by
 * scripts/bench.mjs; printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import react from '@vitejs/plugin-react'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'
import type { FrameFigures } from './frames'

const run = promisify(execFile)
const SHOTS = 40
const TAKES_PER_SHOT = 3
const SCROLL_SECONDS = 4
export const DAILIES_GOAL_FPS = 30

interface DailiesFigures {
  takes: number
  /** The same page left alone, the pointer off the takes: what this machine gives at the moment. */
  rest: FrameFigures
  scroll: FrameFigures
  /** The most videos mounted at once while scrolling: the take under the pointer, not every take. */
  mostVideos: number
}

export async function measureDailies(log: (line: string) => void): Promise<DailiesFigures> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-dailies-bench-'))
  try {
    // One 2 s 480p take, as the animatic makes them; each copy is made distinct in the page.
    const clipPath = join(work, 'take.mp4')
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=854x480:rate=24', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', clipPath])
    const clip = (await readFile(clipPath)).toString('base64')
    const outDir = join(work, 'site')
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'dailies.html') } },
    })
    const served = await serveStatic({ root: outDir })
    const browser = await launchChromium()
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      await page.setViewportSize({ width: 1440, height: 900 })
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/dailies.html`)
      await page.waitForFunction(() => window.reelgraphDailiesBench !== undefined)
      log(`Storing ${SHOTS * TAKES_PER_SHOT} takes and opening the Dailies…`)
      const { takes } = await page.evaluate(([shots, perShot, data]) => window.reelgraphDailiesBench.load(shots, perShot, data), [SHOTS, TAKES_PER_SHOT, clip] as const)
      const dailies = page.getByRole('region', { name: 'Shots and takes' })
      await dailies.getByRole('button', { name: 'Full window' }).click()
      // The rows in reach have their posters: what is measured is the scroll, not the first decode.
      await page.locator('.dailies [data-poster="drawn"]').first().waitFor()
      await page.waitForFunction(() => document.querySelectorAll('.dailies [data-poster="loading"]').length === 0, undefined, { timeout: 120_000 })
      const rows = await page.locator('.dailies__rows').boundingBox()
      if (!rows) throw new Error('the Dailies are not on screen')
      await page.mouse.move(rows.x + 5, rows.y + 5)
      await page.evaluate(() => window.reelgraphDailiesBench.startFrames())
      await page.waitForTimeout(SCROLL_SECONDS * 500)
      const rest = await page.evaluate(() => window.reelgraphDailiesBench.stopFrames())
      // The pointer over the takes, as a person scrolls: a take under it plays.
      const firstTake = await page.locator('.dailies [data-take]').first().boundingBox()
      if (!firstTake) throw new Error('the Dailies show no take')
      await page.mouse.move(firstTake.x + firstTake.width / 2, rows.y + rows.height / 2)
      log(`Scrolling the Dailies for ${SCROLL_SECONDS} s…`)
      await page.evaluate(() => window.reelgraphDailiesBench.startFrames())
      const began = Date.now()
      let mostVideos = 0
      let direction = 1
      for (let step = 0; Date.now() - began < SCROLL_SECONDS * 1000; step++) {
        await page.mouse.wheel(0, 120 * direction)
        if (step % 10 === 0) {
          mostVideos = Math.max(mostVideos, await page.evaluate(() => window.reelgraphDailiesBench.mountedVideos()))
          const { top, bottom } = await page.locator('.dailies__rows').evaluate((element) => ({ top: element.scrollTop === 0, bottom: element.scrollTop + element.clientHeight >= element.scrollHeight - 1 }))
          if (bottom) direction = -1
          if (top) direction = 1
        }
      }
      const scroll = await page.evaluate(() => window.reelgraphDailiesBench.stopFrames())
      return { takes, rest, scroll, mostVideos }
    } finally {
      await browser.close()
      await served.close()
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** The figures as the bench prints them, with the goal beside them. */
export async function benchDailies(log: (line: string) => void): Promise<string[]> {
  const { takes, rest, scroll, mostVideos } = await measureDailies(log)
  const fpsOf = (figures: FrameFigures) => (figures.seconds > 0 ? figures.frames / figures.seconds : 0)
  const fps = fpsOf(scroll)
  return [
    `Dailies, ${SHOTS} shots × ${TAKES_PER_SHOT} takes = ${takes} takes (Chromium, software rendering, 1440×900, full window):`,
    `  ${`scroll top to bottom and back by the wheel for ${SCROLL_SECONDS} s`.padEnd(58)} ${fps.toFixed(1).padStart(5)} fps, worst frame ${Math.round(scroll.worstFrameMs)} ms   (goal ≥ ${DAILIES_GOAL_FPS} fps: ${fps >= DAILIES_GOAL_FPS ? 'met' : 'MISSED'})`,
    `  ${'the same page at rest, for comparison on this machine now'.padEnd(58)} ${fpsOf(rest).toFixed(1).padStart(5)} fps, worst frame ${Math.round(rest.worstFrameMs)} ms`,
    `  ${'videos mounted at most while scrolling'.padEnd(58)} ${String(mostVideos).padStart(5)} of ${takes}`,
  ]
}
