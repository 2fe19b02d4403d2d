/**
 * The canvas benchmark: the editor in headless Chromium (software rendering) over a 1,000-node,
 * 1,200-link pipeline. Opening it (time to the first frame with every visible node painted),
 * dragging a node for two seconds, and a run with 500 progress events a second, in frames per
 * second from requestAnimationFrame. Run by scripts/bench.mjs; printed, never asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import react from '@vitejs/plugin-react'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'
import type { Page } from 'playwright-core'
import type { FrameFigures, LoadFigures } from './canvas'

const NODES = 1000
const LINKS = 1200
const DRAG_SECONDS = 2
export const CANVAS_GOALS = { loadMs: 1500, fps: 30 }

export interface CanvasFigures {
  load: LoadFigures
  /** Dragging and running with the whole pipeline in view (zoomed out to fit it). */
  overview: { drag: FrameFigures; run: FrameFigures }
  /** The same at 100 %. */
  close: { drag: FrameFigures; run: FrameFigures }
}

/** The canvas zoom, from React Flow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((element) => getComputedStyle(element).transform)
  return Number(/matrix\(([-\d.e]+)/.exec(transform)?.[1] ?? '1')
}

/** Drags the pipeline node nearest the middle of the canvas in circles, counting frames meanwhile. */
async function dragANode(page: Page): Promise<FrameFigures> {
  const canvas = await page.locator('.react-flow__pane').boundingBox()
  if (!canvas) throw new Error('the canvas is not on screen')
  const middle = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 }
  const shownHeaders = await page.locator('.react-flow__node-pipeline .node__header').evaluateAll((elements) =>
    elements.map((element) => {
      const box = element.getBoundingClientRect()
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    }),
  )
  // Zoomed out far the overview draws the nodes, with no element to find: their headers are worked out.
  const headers = shownHeaders.length > 0 ? shownHeaders : await page.evaluate(() => window.reelgraphCanvasBench.nodeHeaderCentres())
  const start = headers.sort((a, b) => Math.hypot(a.x - middle.x, a.y - middle.y) - Math.hypot(b.x - middle.x, b.y - middle.y))[0]
  if (!start) throw new Error('no node is on screen')
  await page.mouse.move(start.x, start.y)
  await page.mouse.down()
  await page.evaluate(() => window.reelgraphCanvasBench.startFrames())
  const began = Date.now()
  for (let step = 0; Date.now() - began < DRAG_SECONDS * 1000; step++) {
    const angle = step / 10
    await page.mouse.move(start.x + 60 * Math.sin(angle), start.y + 40 * Math.cos(angle) - 40)
  }
  const figures = await page.evaluate(() => window.reelgraphCanvasBench.stopFrames())
  await page.mouse.up()
  return figures
}

export async function measureCanvas(log: (line: string) => void): Promise<CanvasFigures> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-canvas-bench-'))
  try {
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir: work, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'canvas.html') } },
    })
    const served = await serveStatic({ root: work })
    const browser = await launchChromium()
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      await page.setViewportSize({ width: 1440, height: 900 })
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/canvas.html`)
      await page.waitForFunction(() => window.reelgraphCanvasBench !== undefined)
      log(`Opening a ${NODES.toLocaleString('en')}-node, ${LINKS.toLocaleString('en')}-link pipeline…`)
      const load = await page.evaluate(([nodes, links]) => window.reelgraphCanvasBench.load(nodes, links), [NODES, LINKS] as const)

      log(`The whole pipeline in view: dragging a node for ${DRAG_SECONDS} s, then a run…`)
      const overview = { drag: await dragANode(page), run: await page.evaluate(() => window.reelgraphCanvasBench.runTickers()) }
      // Zoomed in to 100 %, as a person works on a part of it: the rest is off screen.
      for (let i = 0; i < 40 && (await zoom(page)) < 1; i++) await page.getByRole('button', { name: 'Zoom In' }).click()
      log(`At ${Math.round((await zoom(page)) * 100)} %: dragging a node for ${DRAG_SECONDS} s, then a run…`)
      const close = { drag: await dragANode(page), run: await page.evaluate(() => window.reelgraphCanvasBench.runTickers()) }
      return { load, overview, close }
    } finally {
      await browser.close()
      await served.close()
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

function fps(figures: FrameFigures): number {
  return figures.seconds > 0 ? figures.frames / figures.seconds : 0
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED'
}

/** The figures as the bench prints them, with the goals beside them. */
export async function benchCanvas(log: (line: string) => void): Promise<string[]> {
  const { load, overview, close } = await measureCanvas(log)
  const frames = (what: string, figures: FrameFigures) =>
    `  ${what.padEnd(58)} ${fps(figures).toFixed(1).padStart(5)} fps, worst frame ${Math.round(figures.worstFrameMs)} ms   (goal ≥ ${CANVAS_GOALS.fps} fps: ${verdict(fps(figures) >= CANVAS_GOALS.fps)})`
  const events = (figures: FrameFigures) => Math.round((figures.events ?? 0) / (figures.seconds || 1))
  return [
    `Canvas, ${load.nodes.toLocaleString('en')} nodes and ${load.links.toLocaleString('en')} links (Chromium, software rendering, 1440×900):`,
    `  ${`open: first frame with all ${load.visibleNodes} visible nodes painted`.padEnd(58)} ${Math.round(load.loadMs).toLocaleString('en').padStart(5)} ms   (goal ≤ ${CANVAS_GOALS.loadMs.toLocaleString('en')} ms: ${verdict(load.loadMs <= CANVAS_GOALS.loadMs)})`,
    frames(`whole pipeline in view: drag a node for ${DRAG_SECONDS} s`, overview.drag),
    frames(`whole pipeline in view: run, ${events(overview.run)} progress updates/s shown`, overview.run),
    frames(`at 100 %: drag a node for ${DRAG_SECONDS} s`, close.drag),
    frames(`at 100 %: run, ${events(close.run)} progress updates/s shown`, close.run),
  ]
}
