#!/usr/bin/env node
/**
 * The built app in dist/, rebuilt when a source changed since the last build, so `npm start` and
 * the runner always serve what is in the tree. `node scripts/dist.mjs` (= `npm run build`) builds.
 *
 * A build records the newest source time it started from (dist/.sources-mtime); a file edited
 * while the build ran is newer than that, so the next check rebuilds rather than trusting dist/.
 */
import { spawnSync } from 'node:child_process'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const distDir = join(projectRoot, 'dist')
const stampFile = join(distDir, '.sources-mtime')

const sources = ['src', 'nodes', 'public', 'index.html', 'headless.html', 'vite.config.ts', 'package.json', 'package-lock.json']
const skipped = new Set(['node_modules', '.git'])

async function newestModification(path) {
  const info = await stat(path).catch(() => undefined)
  if (!info) return 0
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of await readdir(path)) {
    if (skipped.has(entry)) continue
    newest = Math.max(newest, await newestModification(join(path, entry)))
  }
  return newest
}

function newestSource() {
  return Promise.all(sources.map((source) => newestModification(join(projectRoot, source)))).then((times) => Math.max(...times))
}

/** True when dist/ was not built by buildDist, or a source changed since. */
export async function distIsStale() {
  const builtFrom = Number(await readFile(stampFile, 'utf8').catch(() => 'none'))
  if (!Number.isFinite(builtFrom)) return true
  return (await newestSource()) > builtFrom
}

/** Runs `vite build`; throws when it fails. Its output goes to stderr, so stdout stays for results. */
export async function buildDist() {
  const startedFrom = await newestSource()
  const vite = join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: ['ignore', process.stderr, process.stderr],
  })
  if (result.status !== 0) throw new Error('vite build failed (see its output above)')
  await writeFile(stampFile, String(startedFrom))
}

/** Builds dist/ when it is missing or stale. */
export async function ensureDist({ log = (message) => console.error(message) } = {}) {
  if (!(await distIsStale())) return
  log('Building the app (vite build)…')
  await buildDist()
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await buildDist()
    console.error(`Built ${distDir}`)
  } catch (error) {
    console.error(error.message)
    process.exitCode = 1
  }
}
