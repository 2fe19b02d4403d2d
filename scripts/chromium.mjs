/**
 * Finding and starting the system Chromium. Nothing here downloads a browser: tests, the runner
 * and the benchmarks use the one the machine has (Debian's `chromium`, or $CHROMIUM_PATH).
 */
import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome']

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** The path of a Chromium to run, or undefined. $CHROMIUM_PATH wins when it is set. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined
  return candidates.find(isExecutable)
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export const howToGetChromium = [
  'Reelgraph runs its end-to-end tests, the headless runner and the browser benchmark in the system Chromium.',
  'Install it (Debian/Ubuntu: `sudo apt-get install chromium`), or point CHROMIUM_PATH at a Chromium or Chrome binary.',
].join('\n')

/** A Chromium path, or throws with what to do about it. */
export function requireChromium() {
  const path = findChromium()
  if (path) return path
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH is ${process.env.CHROMIUM_PATH}, which is not an executable file.`)
  throw new Error(`No Chromium found (looked at ${candidates.join(', ')}).\n${howToGetChromium}`)
}

/**
 * Starts headless Chromium. With `proxyPort`, every request for http://localhost:<any port> goes
 * to the server on that port, so the app keeps one origin (and one IndexedDB) across runs.
 * With `profile`, the browser keeps its data in that folder; otherwise in a fresh temporary one
 * that is removed on close.
 * @param {{ profile?: string, proxyPort?: number }} [options]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, close: () => Promise<void> }>}
 */
export async function launchChromium({ profile, proxyPort } = {}) {
  const executablePath = requireChromium()
  const userDataDir = profile ?? (await mkdtemp(join(tmpdir(), 'reelgraph-chromium-')))
  const args = [...chromiumFlags]
  // Chromium skips proxies for loopback unless told not to; `<-loopback>` tells it.
  if (proxyPort !== undefined) args.push(`--proxy-server=http://127.0.0.1:${proxyPort}`, '--proxy-bypass-list=<-loopback>')
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath, args, headless: true })
  return {
    context,
    close: async () => {
      await context.close()
      if (profile === undefined) await rm(userDataDir, { recursive: true, force: true })
    },
  }
}
