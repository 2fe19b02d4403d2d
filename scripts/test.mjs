#!/usr/bin/env node
/**
 * `npm test`: everything CI checks, in order, stopping at the first failure: the tools the
 * end-to-end tests need, type check, lint, unit tests, the build, then the end-to-end tests in
 * real Chromium against that build.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findChromium, howToGetChromium } from './chromium.mjs'
import { projectRoot } from './dist.mjs'

const bin = (pkg, path) => join(projectRoot, 'node_modules', pkg, path)
const reports = mkdtempSync(join(tmpdir(), 'reelgraph-test-'))
/** Vitest's own output, plus a JSON report we count from for the closing line. */
const counted = (name) => ['--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, `${name}.json`)}`]

/**
 * The phases in order, each a list of steps run side by side: the type check and the lint are each
 * one process that keeps one core busy, so on two cores they take the time of the longer one.
 */
const phases = [
  [
    { title: 'Type check (tsc --noEmit)', args: [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.json'] },
    { title: 'Lint (eslint --max-warnings 0)', args: [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.'] },
  ],
  [{ title: 'Unit tests (vitest run)', args: [bin('vitest', 'vitest.mjs'), 'run', ...counted('unit')], report: 'unit' }],
  [{ title: 'Build (vite build)', args: [join(projectRoot, 'scripts', 'dist.mjs')] }],
  [
    {
      title: 'End-to-end tests in Chromium (vitest.e2e.config.ts)',
      args: [bin('vitest', 'vitest.mjs'), 'run', '--config', 'vitest.e2e.config.ts', ...counted('e2e')],
      report: 'e2e',
    },
  ],
]
const steps = phases.flat()
const total = steps.length + 1

function header(index, title) {
  console.log(`\n━━ ${index}/${total} ${title} ${'━'.repeat(Math.max(4, 72 - title.length))}`)
}

/** The tests counted so far, as the closing line says them: `Tests: N passed, N failed, N skipped`. */
function tally() {
  const totals = { passed: 0, failed: 0, skipped: 0 }
  for (const phase of steps) {
    if (!phase.report) continue
    try {
      const report = JSON.parse(readFileSync(join(reports, `${phase.report}.json`), 'utf8'))
      totals.passed += report.numPassedTests
      totals.failed += report.numFailedTests
      totals.skipped += report.numPendingTests + report.numTodoTests
    } catch {
      // This phase did not run (an earlier one failed), so it has nothing to count.
    }
  }
  return `Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`
}

function finish(code) {
  console.log(`\n${tally()}`)
  rmSync(reports, { recursive: true, force: true })
  process.exit(code)
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

/** Installs Debian packages when we may (root, with apt-get); false when we may not or it failed. */
function aptInstall(packages) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot || !hasCommand('apt-get')) return false
  console.log(`Installing ${packages.join(', ')} with apt-get.`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  return [['update'], ['install', '-y', ...packages]].every(
    (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0,
  )
}

/** Chromium for the browser tests, ffmpeg to make and check their media, espeak-ng for speech. */
function ensureTools() {
  const missing = []
  if (!findChromium() && !process.env.CHROMIUM_PATH) missing.push('chromium')
  if (!hasCommand('ffmpeg') || !hasCommand('ffprobe')) missing.push('ffmpeg')
  // Speech makes the sound tests realistic; without it they skip those cases and say so.
  const wanted = hasCommand('espeak-ng') ? [] : ['espeak-ng']
  if (missing.length > 0 || wanted.length > 0) aptInstall([...missing, ...wanted])

  const chromium = findChromium()
  if (!chromium) {
    const where = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH is ${process.env.CHROMIUM_PATH}, which is not an executable file.\n` : ''
    console.error(`${where}${howToGetChromium}\n(As root with apt-get, npm test installs Debian’s chromium package itself.)`)
    return undefined
  }
  if (!hasCommand('ffmpeg') || !hasCommand('ffprobe')) {
    console.error('The end-to-end tests make and check media with ffmpeg and ffprobe. Install ffmpeg (Debian/Ubuntu: `sudo apt-get install ffmpeg`).')
    return undefined
  }
  console.log(`Chromium: ${chromium}`)
  return chromium
}

const started = performance.now()
header(1, 'Tools: Chromium and ffmpeg')
const chromium = ensureTools()
if (!chromium) finish(1)
const env = { ...process.env, CHROMIUM_PATH: chromium }

const secondsSince = (start) => ((performance.now() - start) / 1000).toFixed(1)

/** Runs one step under its header with its output shown as it comes. */
function runLive(step, number) {
  header(number, step.title)
  const start = performance.now()
  const { status } = spawnSync(process.execPath, step.args, { cwd: projectRoot, stdio: 'inherit', env })
  return { status, seconds: secondsSince(start) }
}

/** Runs one step beside others, its output kept and shown whole under its header when all end, so none interleave. */
function runCaptured(step) {
  const start = performance.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, step.args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], env })
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)))
    child.on('close', (status) => resolve({ status, seconds: secondsSince(start), output: Buffer.concat(output) }))
  })
}

let stepNumber = 2
for (const phase of phases) {
  const results = phase.length === 1 ? [runLive(phase[0], stepNumber)] : await Promise.all(phase.map(runCaptured))
  for (const [i, step] of phase.entries()) {
    const { status, seconds, output } = results[i]
    if (output) {
      header(stepNumber + i, step.title)
      process.stdout.write(output)
    }
    if (status === 0) console.log(`✓ ${step.title} (${seconds} s)`)
    else console.error(`\n✗ ${step.title} failed after ${seconds} s.`)
  }
  const failed = results.find((result) => result.status !== 0)
  if (failed) {
    console.error('Stopping here.')
    finish(failed.status || 1)
  }
  stepNumber += phase.length
}
console.log(`\nAll checks passed in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
finish(0)
