/**
 * The animatic benchmark: how fast the local provider renders a 10 s 1080p take in headless
 * Chromium, in frames per second of wall time. Run by scripts/bench.mjs; printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'
import type { AnimaticBenchRow } from './animatic'

const run = promisify(execFile)
const SECONDS = 10
const FPS = 24

export async function benchAnimatic(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-animatic-bench-'))
  try {
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir: join(work, 'site'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'animatic.html') } },
    })
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080', '-frames:v', '1', join(work, 'site', 'reference.png')])
    log(`Rendering ${SECONDS} s 1080p animatic takes…`)
    const served = await serveStatic({ root: join(work, 'site') })
    const browser = await launchChromium()
    let rows: AnimaticBenchRow[]
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/animatic.html`)
      await page.waitForFunction(() => window.reelgraphAnimaticBench !== undefined)
      rows = await page.evaluate(([url, seconds, fps]) => window.reelgraphAnimaticBench.run(url, seconds, fps), [
        `${served.url}reference.png`, SECONDS, FPS,
      ] as const)
    } finally {
      await browser.close()
      await served.close()
    }
    return [
      `Animatic take, ${SECONDS} s 1080p at ${FPS} fps (H.264 + Opus):`,
      ...rows.map((row) => `  ${row.what.padEnd(28)} ${(row.frames / row.seconds).toFixed(1)} frames/s of wall time (${row.seconds.toFixed(1)} s)`),
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
