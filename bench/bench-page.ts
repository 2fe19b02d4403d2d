/**
 * What the media benchmarks that run in Chromium share: their page built on its own with Vite,
 * served with the files it reads, and opened in headless Chromium.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Page } from 'playwright-core'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'

/**
 * Builds `bench/<html>`, serves it beside `files` (each at `<served url><its name>`), opens it, and
 * hands the page and the served url to `use`. Everything is closed and removed afterwards.
 */
export async function withBenchPage<T>(
  html: string,
  files: readonly string[],
  log: (line: string) => void,
  use: (page: Page, url: string) => Promise<T>,
): Promise<T> {
  const site = await mkdtemp(join(tmpdir(), 'reelgraph-bench-page-'))
  try {
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir: site, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', html) } },
    })
    for (const file of files) await copyFile(file, join(site, basename(file)))
    const served = await serveStatic({ root: site })
    const browser = await launchChromium()
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/${html}`)
      return await use(page, served.url)
    } finally {
      await browser.close()
      await served.close()
    }
  } finally {
    await rm(site, { recursive: true, force: true })
  }
}
