/**
 * The film benchmark (issue 14, "Show"): the short film template on a 40-shot script, three
 * animatic takes a shot at 480p 2 s, in headless Chromium with the app's IndexedDB stores. Run by
 * scripts/bench.mjs, or alone with `npx tsx bench/film-run.ts`; printed, never asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'
import type { FilmBenchResult } from './film'
import { FILM_SHOTS, HEIGHT, SHOT_S, TAKES } from './film-shape'
import { conditions, loadNow } from './machine'

/** The goal for a re-run with everything cached. */
const CACHED_GOAL_MS = 1000

export async function benchFilm(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-film-bench-'))
  try {
    // The app's public folder goes along: the template's samples (public/samples) come from it.
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir: join(work, 'site'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'film.html') } },
    })
    log(`Running the short film template on ${FILM_SHOTS} shots × ${TAKES} takes…`)
    const served = await serveStatic({ root: join(work, 'site') })
    const browser = await launchChromium()
    const loadBefore = loadNow()
    let result: FilmBenchResult
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/film.html`)
      await page.waitForFunction(() => window.reelgraphFilmBench !== undefined)
      result = await page.evaluate(() => window.reelgraphFilmBench.run())
    } finally {
      await browser.close()
      await served.close()
    }
    const ran = (run: FilmBenchResult['cold']) => `${run.nodesRan} of ${run.nodes} nodes and ${run.itemsRan} of ${run.items} items ran`
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
    return [
      `Film: the short film template, a ${FILM_SHOTS}-shot Fountain script, ${TAKES} animatic takes a shot at ${HEIGHT}p, ${SHOT_S} s a shot (${conditions(loadBefore)}):`,
      `  parse the script            ${result.parseMs.toFixed(1)} ms`,
      `  plan                        ${result.planMs.toFixed(1)} ms`,
      `  cost estimate               ${result.estimateMs.toFixed(1)} ms ($${result.estimateUsd.toFixed(2)}: all offline)`,
      `  cold run                    ${seconds(result.cold.ms)} (${ran(result.cold)})`,
      `  cached re-run               ${seconds(result.cached.ms)} (${ran(result.cached)}; goal ≤ ${seconds(CACHED_GOAL_MS)} ${result.cached.ms <= CACHED_GOAL_MS ? 'met' : 'MISSED'})`,
      `  one shot's action edited    ${seconds(result.edited.ms)} (${ran(result.edited)}: ${result.edited.ranNodeIds.join(', ')}; items ${result.edited.ranItems.join(', ')})`,
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

// Alone: `npx tsx bench/film-run.ts`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log((await benchFilm((line) => console.error(`  ${line}`))).join('\n'))
}
