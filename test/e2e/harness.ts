/**
 * What the end-to-end tests share: the built app served as `npm start` serves it, and the system
 * Chromium with a fresh profile. `npm test` builds dist/ before these run; nothing here builds.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll } from 'vitest'
import { launchChromium } from '../../scripts/chromium.mjs'
import { distDir, projectRoot } from '../../scripts/dist.mjs'
import { serveStatic, type ServedDirectory } from '../../scripts/serve.mjs'

export { projectRoot }

/** Serves dist/ on a free port; `upstreams` points API hosts of its proxy at contract servers. */
export async function serveApp(upstreams: Record<string, string> = {}): Promise<ServedDirectory> {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error('dist/ is not built: run `npm run build` (npm test does it before the end-to-end tests)')
  }
  return serveStatic({ root: distDir, upstreams })
}

/** Headless Chromium with a fresh profile (or `profile`, to keep IndexedDB between launches). */
export function launchBrowser(options: { profile?: string } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  return launchChromium(options)
}

export interface OpenApp {
  page: Page
  context: BrowserContext
  /** Where the app is served, ending in `/`. */
  baseUrl: string
  close(): Promise<void>
}

/**
 * The browser a test file's apps open in, launched once for the file: a launch costs seconds, a page
 * a fraction of one. Each app is served on a port of its own, and the browser keeps IndexedDB and
 * every other store apart by origin, so each app still starts as in a fresh profile.
 */
let fileBrowser: ReturnType<typeof launchBrowser> | undefined
/** Origins the file's browser has opened: one the system hands out again would come with its stores. */
const openedOrigins = new Set<string>()

afterAll(async () => {
  const browser = fileBrowser
  fileBrowser = undefined
  if (browser) await (await browser).close()
})

export interface OpenAppOptions {
  /** API hosts the app's proxy sends to contract servers. */
  upstreams?: Record<string, string>
  /** A browser of the app's own, its clock installed for `skipPollWaits`. */
  pageClock?: boolean
  /** Done to the page before the app loads in it, such as routing requests. */
  beforeLoad?: (page: Page) => Promise<unknown>
}

/**
 * The app open at `path`, as a person would find it on first visit. Page errors and anything the
 * page's Content-Security-Policy refused fail loudly: they are collected and thrown by `close()`.
 * With `pageClock`, the app gets a browser of its own whose clock `skipPollWaits` can run fast (a
 * clock is the whole browser's).
 */
export async function openApp(path = '', options: OpenAppOptions = {}): Promise<OpenApp> {
  const served = await serveOnNewOrigin(options.upstreams)
  const ownBrowser = options.pageClock ? await launchBrowser() : undefined
  if (ownBrowser) await ownBrowser.context.clock.install()
  const { context } = ownBrowser ?? (await (fileBrowser ??= launchBrowser()))
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  // The app runs under its Content-Security-Policy (scripts/csp.mjs): anything it refuses is a bug.
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) pageErrors.push(message.text())
  })
  await options.beforeLoad?.(page)
  await page.goto(new URL(path, served.url).href)
  return {
    page,
    context,
    baseUrl: served.url,
    close: async () => {
      await page.close()
      if (ownBrowser) await ownBrowser.close()
      // A test may have taken the file's browser offline; the next app finds it online.
      else await context.setOffline(false)
      await served.close()
      if (pageErrors.length > 0) throw new Error(`the page threw:\n${pageErrors.join('\n')}`)
    },
  }
}

async function serveOnNewOrigin(upstreams: Record<string, string> | undefined): Promise<ServedDirectory> {
  for (;;) {
    const served = await serveApp(upstreams)
    if (!openedOrigins.has(served.url)) {
      openedOrigins.add(served.url)
      return served
    }
    await served.close()
  }
}

/**
 * Settles `work` while the page's clock runs ten times as fast, for tests that wait on cloud back
 * ends: the app waits its provider's poll interval between polls (docs/providers.md: Runway about
 * 6 s, Topaz and Veo about 10 s), and here those waits pass in a tenth of the time. The polls, and
 * the states the back end passes through, are the same. The page's clock ends ahead of the
 * servers' by nine tenths of the time spent here, so a server's expiring links must outlive that.
 * Needs `openApp(…, { pageClock: true })`.
 */
export async function skipPollWaits<T>(page: Page, work: Promise<T>): Promise<T> {
  let settled = false
  const done = work.finally(() => {
    settled = true
  })
  while (!settled) {
    await page.clock.fastForward(FAST_CLOCK_STEP_MS)
    // Real time for the polls just fired to be answered and read.
    await Promise.race([done.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, FAST_CLOCK_STEP_MS / 10))])
  }
  return done
}

/** How far the page's clock jumps at a time while it runs fast. */
const FAST_CLOCK_STEP_MS = 1000

export interface CommandResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `npm run reelgraph -- <args>` (the script itself, without npm's banner). Anything the page's
 * Content-Security-Policy refused (the runner reports it as `page refused:`) fails loudly. With
 * `timeoutMs`, a run that hangs is stopped (its browser closes with it) and the call fails.
 */
export async function runReelgraph(args: string[], options: { timeoutMs?: number } = {}): Promise<CommandResult> {
  const result = await runCommand(process.execPath, [join(projectRoot, 'scripts', 'reelgraph.mjs'), ...args], options)
  const refused = result.stderr.split('\n').filter((line) => line.startsWith('page refused:'))
  if (refused.length > 0) throw new Error(`the runner's page refused by its Content-Security-Policy:\n${refused.join('\n')}`)
  return result
}

/** Runs a program to its end and gives back its exit code and output, whatever the code. */
export function runCommand(file: string, args: string[], options: { timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 0 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error)
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr })
    })
  })
}
