#!/usr/bin/env node
/**
 * `npm run bench`: executor overhead per node on synthetic graphs of 1,000 and 5,000 trivial
 * nodes, cold and fully cached, in Node (results in memory, and in the app's Dexie cache over
 * fake-indexeddb) and in headless Chromium (memory, and real IndexedDB). Prints a table with the
 * targets beside the figures. Timings are reported, never asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tsImport } from 'tsx/esm/api'
import { build } from 'vite'
import { launchChromium } from './chromium.mjs'
import { projectRoot } from './dist.mjs'
import { serveStatic } from './serve.mjs'

const COLD_TARGET_MS_PER_NODE = 0.05
const CACHED_TARGET_MS = 200
const CACHED_TARGET_NODES = 1000

/** `npm run bench -- --lists`: the lists part alone (bench/lists.ts), in Node and in Chromium. */
const listsOnly = process.argv.includes('--lists')

async function benchInChromium() {
  const outDir = await mkdtemp(join(tmpdir(), 'reelgraph-bench-'))
  try {
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'index.html') } },
    })
    const served = await serveStatic({ root: outDir })
    const browser = await launchChromium()
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
      page.on('console', (message) => console.error(`  ${message.text()}`))
      await page.goto(`${served.url}bench/index.html`)
      await page.waitForFunction(() => window.reelgraphBench !== undefined)
      const version = await page.evaluate(() => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? 'unknown')
      const rows = listsOnly ? [] : await page.evaluate(() => window.reelgraphBench.run())
      const lists = await page.evaluate(() => window.reelgraphBench.lists())
      return { environment: `Chromium ${version}`, rows, lists }
    } finally {
      await browser.close()
      await served.close()
    }
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}

function targetNote(environment, row) {
  if (row.store === 'memory') {
    const met = row.coldMsPerNode <= COLD_TARGET_MS_PER_NODE
    return `cold ≤ ${COLD_TARGET_MS_PER_NODE} ms/node ${met ? 'met' : 'MISSED'}`
  }
  if (environment.startsWith('Chromium') && row.nodes === CACHED_TARGET_NODES) {
    const met = row.cachedMs <= CACHED_TARGET_MS
    return `cached ≤ ${CACHED_TARGET_MS} ms ${met ? 'met' : 'MISSED'}`
  }
  return ''
}

function printTable(results) {
  const header = ['environment', 'store', 'shape', 'nodes', 'plan ms/node', 'cold ms/node', 'cold total', 'cached total', 'target']
  const lines = [header]
  for (const { environment, rows } of results) {
    for (const row of rows) {
      if ('error' in row) {
        lines.push([environment, row.store, row.shape, row.nodes.toLocaleString('en'), '', '', '', '', `FAILED: ${row.error}`])
        continue
      }
      lines.push([
        environment,
        row.store,
        row.shape,
        row.nodes.toLocaleString('en'),
        row.planMsPerNode.toFixed(4),
        row.coldMsPerNode.toFixed(4),
        `${Math.round(row.coldMs).toLocaleString('en')} ms`,
        `${Math.round(row.cachedMs).toLocaleString('en')} ms`,
        targetNote(environment, row),
      ])
    }
  }
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column].length)))
  const numeric = new Set([3, 4, 5, 6, 7])
  for (const [i, line] of lines.entries()) {
    console.log(line.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd())
    if (i === 0) console.log(widths.map((width) => '─'.repeat(width)).join('  '))
  }
}

/** Lists (bench/lists.ts): per item run beside per plain node; the goal is an item costing no more than a node. */
function printLists(results) {
  const header = ['environment', 'store', 'runs', 'plan ms/item', 'plan ms/node', 'cold ms/item', 'cold ms/node', 'cached ms/item', 'cached ms/node', 'goal']
  const lines = [header]
  for (const { environment, lists } of results) {
    for (const row of lists) {
      const met = row.planMsPerItem <= row.planMsPerNode && row.cachedMsPerItem <= row.cachedMsPerNode
      lines.push([
        environment,
        row.store,
        `${row.items}×${row.chainNodes}`,
        ...[row.planMsPerItem, row.planMsPerNode, row.coldMsPerItem, row.coldMsPerNode, row.cachedMsPerItem, row.cachedMsPerNode].map((figure) => figure.toFixed(4)),
        `plan and cached per item ≤ per node ${met ? 'met' : 'MISSED'}`,
      ])
    }
  }
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column].length)))
  console.log(`\nLists: a ${results[0].lists[0].items}-item list through a ${results[0].lists[0].chainNodes}-node chain of trivial nodes (each node once per item), beside as many plain nodes in a chain.`)
  for (const [i, line] of lines.entries()) {
    console.log(line.map((cell, column) => (column >= 3 && column <= 8 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd())
    if (i === 0) console.log(widths.map((width) => '─'.repeat(width)).join('  '))
  }
}

console.log('Reelgraph executor benchmark: trivial nodes (they add numbers), so the figures are the executor’s own cost.')
console.log('chain: each node reads the one before; fan-out: one source read by all; layered: 50 wide, two parents each.')
console.log('plan = validation, order and cache keys; cold = a run with an empty cache; cached = a re-run from a freshly opened store.')
console.log(`Memory rows: median of 5 runs; IndexedDB rows: one run each. ${new Date().toISOString().slice(0, 10)}\n`)

if (listsOnly) {
  const { benchListsInNode } = await tsImport('../bench/node.ts', import.meta.url)
  console.error('Measuring lists in Node and Chromium…')
  printLists([{ environment: `Node ${process.versions.node}`, lists: await benchListsInNode() }, await benchInChromium()])
  process.exit(0)
}

const results = []
console.error('Measuring in Node…')
const { benchInNode, benchListsInNode } = await tsImport('../bench/node.ts', import.meta.url)
results.push({ environment: `Node ${process.versions.node}`, rows: await benchInNode((line) => console.error(`  ${line}`)), lists: await benchListsInNode() })
console.error('Measuring in Chromium…')
results.push(await benchInChromium())
printTable(results)
printLists(results)
console.error('Measuring media in Chromium and ffmpeg…')
const { benchMedia } = await tsImport('../bench/media-run.ts', import.meta.url)
console.log(`\nMedia:\n${(await benchMedia((line) => console.error(`  ${line}`))).join('\n')}`)
// Upscale (nodes/upscale): Lanczos 1080p → 2160p + encode, ours beside ffmpeg's.
console.error('Measuring the Lanczos upscale in Chromium and ffmpeg…')
const { benchUpscale } = await tsImport('../bench/media-upscale-run.ts', import.meta.url)
console.log(`\n${(await benchUpscale((line) => console.error(`  ${line}`))).join('\n')}`)
// ESRGAN (nodes/upscale, src/media/ml): milliseconds per 256×256 tile ×2 in the worker the node uses.
console.error('Measuring ESRGAN in Chromium…')
const { benchEsrgan } = await tsImport('../bench/esrgan-run.ts', import.meta.url)
console.log(`\n${(await benchEsrgan((line) => console.error(`  ${line}`))).join('\n')}`)
console.error('Measuring the animatic in Chromium…')
const { benchAnimatic } = await tsImport('../bench/animatic-run.ts', import.meta.url)
console.log(`\n${(await benchAnimatic((line) => console.error(`  ${line}`))).join('\n')}`)
// The short film template on a 40-shot script (bench/film.ts): parse, plan, estimate, cold, cached, one shot edited.
console.error('Measuring the film template in Chromium…')
const { benchFilm } = await tsImport('../bench/film-run.ts', import.meta.url)
console.log(`\n${(await benchFilm((line) => console.error(`  ${line}`))).join('\n')}`)
// Sound (nodes/mix, nodes/replace-audio): a 4-track mix normalised, and a remux under a 1080p clip.
console.error('Measuring the sound mix in Chromium…')
const { benchSoundMix } = await tsImport('../bench/sound-mix-run.ts', import.meta.url)
console.log(`\n${(await benchSoundMix((line) => console.error(`  ${line}`))).join('\n')}`)
console.error('Measuring the remux in Chromium and ffmpeg…')
const { benchRemux } = await tsImport('../bench/remux-run.ts', import.meta.url)
console.log(`\n${(await benchRemux((line) => console.error(`  ${line}`))).join('\n')}`)
// The headless runner (scripts/reelgraph.mjs): its cost per node past start-up, writing 1,000 sinks.
console.error('Measuring the headless runner on 2,000 nodes…')
const { benchRunner } = await tsImport('../bench/runner-run.ts', import.meta.url)
console.log(`\n${(await benchRunner((line) => console.error(`  ${line}`))).join('\n')}`)
// Sharing (src/document/bundle.ts, share.ts): a 10,000-node pipeline exported, imported, bundled.
console.error('Measuring a 10,000-node pipeline through export, import and bundles…')
const { benchLargeDocument } = await tsImport('../bench/large-document.ts', import.meta.url)
console.log(`\n${(await benchLargeDocument((line) => console.error(`  ${line}`))).join('\n')}`)
// The editor's canvas over 1,000 nodes: opening, dragging, a run's progress (bench/canvas-run.ts).
console.error('Measuring the canvas in Chromium…')
const { benchCanvas } = await tsImport('../bench/canvas-run.ts', import.meta.url)
console.log(`\n${(await benchCanvas((line) => console.error(`  ${line}`))).join('\n')}`)
// The Dailies with a 40-shot film's 120 takes: scrolling them (bench/dailies-run.ts).
console.error('Measuring the Dailies in Chromium…')
const { benchDailies } = await tsImport('../bench/dailies-run.ts', import.meta.url)
console.log(`\n${(await benchDailies((line) => console.error(`  ${line}`))).join('\n')}`)
console.log(
  `\nTargets: planning and scheduling overhead ≤ ${COLD_TARGET_MS_PER_NODE} ms/node cold (memory rows, where the store costs nothing);` +
    ` a fully cached re-run of ${CACHED_TARGET_NODES.toLocaleString('en')} nodes ≤ ${CACHED_TARGET_MS} ms in Chromium (IndexedDB rows).`,
)
// One-pass chains (issue 15, item 6): grade → Lanczos ×2 → export as the nodes run it, against one pass.
console.error('Measuring grade → upscale → export against one pass…')
const { benchOnePass } = await tsImport('../bench/one-pass-run.ts', import.meta.url)
console.log(`\n${(await benchOnePass((line) => console.error(`  ${line}`))).join('\n')}`)
