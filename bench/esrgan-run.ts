/**
 * The ESRGAN benchmark: our ESRGAN ×2 (UpscalerJS, ESRGAN Slim, TensorFlow.js WASM backend in a
 * worker) on one 256×256 tile in headless Chromium, served cross-origin isolated as the app is.
 * Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { modelFiles } from '../scripts/model-files.mjs'
import { serveStatic } from '../scripts/serve.mjs'

const REPEATS = 5
const TARGET_MS = 1500

export async function benchEsrgan(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-esrgan-bench-'))
  try {
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      plugins: [modelFiles()],
      worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
      build: { outDir: join(work, 'site'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'esrgan.html') } },
    })
    const served = await serveStatic({ root: join(work, 'site') })
    const browser = await launchChromium()
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/esrgan.html`)
      await page.waitForFunction(() => window.reelgraphEsrganBench !== undefined)
      log(`ESRGAN ×2, ${REPEATS} tiles of 256×256…`)
      // The figure depends on the cores left free: the machine's load is printed beside it.
      const loadBefore = loadavg()[0]!
      const { facts, loadMs, tileMs, isolated } = await page.evaluate((repeats) => window.reelgraphEsrganBench.run(repeats), REPEATS)
      const sorted = [...tileMs].sort((a, b) => a - b)
      const median = sorted[Math.floor(sorted.length / 2)]!
      return [
        `ESRGAN ×2 (ESRGAN Slim, TensorFlow.js ${facts.backend}${facts.simd ? ' SIMD' : ''}, ${facts.multithreaded ? 'WASM threads' : 'no WASM threads'},` +
          ` ${facts.threads} threads, cross-origin isolated: ${isolated ? 'yes' : 'no'}; load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores):`,
        `  one 256×256 tile: ${Math.round(median)} ms median of ${REPEATS} (${sorted.map(Math.round).join(', ')} ms); goal ≤ ${TARGET_MS} ms ${median <= TARGET_MS ? 'met' : 'MISSED'}`,
        `  first tile, with the model load and backend start: ${Math.round(loadMs)} ms`,
      ]
    } finally {
      await browser.close()
      await served.close()
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
