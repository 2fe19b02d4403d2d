#!/usr/bin/env node
/**
 * The headless runner: runs a pipeline document with the app's own engine and node types in
 * headless Chromium (media nodes need WebCodecs, WebGL and IndexedDB) and writes the results.
 *
 *   npm run reelgraph -- run <pipeline.json or .reelgraph.zip> --out <dir> [options]
 *   npm run reelgraph -- nodes [--json]
 *
 * The page side is src/app/headless.ts (`window.reelgraph`).
 */
import { mkdir, open, readFile, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { tsImport } from 'tsx/esm/api'
import { launchChromium } from './chromium.mjs'
import { distDir, ensureDist, projectRoot } from './dist.mjs'
import { mimeForPath } from './mime.mjs'
import { labelStem, OutputNames, outputStem, sniffExtension, writeAllInside, writeInside } from './output-files.mjs'
import { serveStatic } from './serve.mjs'

/**
 * The origin the runner's page lives at. Chromium reaches it through our server acting as its
 * proxy, so it stays the same from run to run and a --profile keeps its IndexedDB cache.
 */
const RUNNER_ORIGIN = 'http://localhost:5199'
/** Files handed to the page are served under this path. */
const FILES_PATH = '/__reelgraph/files/'
/** Bytes read from the page per call when copying an asset out. */
const READ_CHUNK = 4 * 1024 * 1024
const REPORT_FILE = 'report.json'
/** The largest budget a pipeline may set (`MAX_BUDGET_USD`, src/graph/schema.ts). */
const MAX_BUDGET_USD = 1_000_000

const usage = `Usage:
  npm run reelgraph -- run <pipeline.json or .reelgraph.zip> --out <dir> [options]
  npm run reelgraph -- nodes [--json]

Options for run:
  --out <dir>                        where results and report.json go (created if missing)
  --save <nodeId>                    also write this node's outputs (sinks are always written); repeatable
  --input <nodeId>=<file>            feed a file to an input node (sets its "file" param); repeatable
  --set <nodeId>.<param>=<json>      set a param to a JSON value, e.g. --set adjust.exposure=0.5
  --set <nodeId>.<param>=@<file>     set a file-valued param (a LUT, a script) to this file, typed by
                                     its bytes, at most 512 MB; repeat it for a list of files
                                     (a character's images)
  --profile <dir>                    keep the browser profile (and the result cache) here between runs
  --allow-large-bundle               keep a bundle's media past 256 MB (refused without it)
  --budget <usd>                     the most the pipeline may have spent, in US dollars, this run
                                     included (over the pipeline's own budget): a run whose estimate
                                     passes what is left does not start; one that reaches it sends
                                     no new paid work (work already sent finishes and is kept)
  --name-by-label                    name files as the app's downloads are, "<pipeline> — <node label>.mp4",
                                     instead of <nodeId>.<port>.<ext>

Exit status: 0 when every node finished, 1 when a node failed (one stopped at the budget too), 2 when
the document or the options are bad, 3 when the run would pass its budget (nothing ran).`

class UsageError extends Error {}

async function main(argv) {
  const [command, ...rest] = argv
  if (command === 'run') return runCommand(rest)
  if (command === 'nodes') return nodesCommand(rest)
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage)
    return 0
  }
  throw new UsageError(`unknown command "${command}"`)
}

async function nodesCommand(args) {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } })
  const { describeNodeTypes } = await tsImport('./node-catalog.ts', import.meta.url)
  const types = await describeNodeTypes(join(projectRoot, 'nodes'))
  if (values.json) {
    console.log(JSON.stringify(types, null, 2))
    return 0
  }
  const portList = (ports) => ports.map((p) => `${p.name}: ${p.type}${p.optional ? '?' : ''}`).join(', ') || '—'
  for (const type of types) {
    const params = Object.keys(type.params.properties ?? {}).join(', ') || '—'
    console.log(`${type.type} (${type.category})\n  in: ${portList(type.inputs)}\n  out: ${portList(type.outputs)}\n  params: ${params}`)
  }
  return 0
}

async function runCommand(args) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      save: { type: 'string', multiple: true, default: [] },
      input: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      profile: { type: 'string' },
      'allow-large-bundle': { type: 'boolean', default: false },
      'name-by-label': { type: 'boolean', default: false },
      budget: { type: 'string' },
    },
  })
  if (positionals.length !== 1) throw new UsageError('run takes one pipeline file')
  if (!values.out) throw new UsageError('run needs --out <dir>')
  const pipelinePath = resolve(positionals[0])
  const pipelineBytes = await readFile(pipelinePath).catch((error) => {
    throw new UsageError(`cannot read ${pipelinePath}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
  })
  const files = []
  const fileSource = async (path, option, limit) => {
    const { absolute, name, mime, kind } = await readableFile(path, option, limit)
    files.push(absolute)
    return { url: `${RUNNER_ORIGIN}${FILES_PATH}${files.length - 1}/${encodeURIComponent(name)}`, name, mime, kind }
  }

  // A bundle (known by its content, as the app knows it) goes to the page whole, as a file it fetches.
  const pipeline = isZip(pipelineBytes)
    ? { bundle: { ...(await fileSource(pipelinePath, pipelinePath)), mime: 'application/zip', kind: 'file' } }
    : { document: pipelineBytes.toString('utf8') }
  const request = { pipeline, inputs: [], params: [], fileParams: [], save: values.save, allowLargeBundle: values['allow-large-bundle'] }
  if (values.budget !== undefined) request.budgetUsd = budgetOf(values.budget)
  for (const option of values.input) {
    const [nodeId, path] = splitOnce(option, '=', `--input ${option}: expected <nodeId>=<file>`)
    request.inputs.push({ nodeId, file: await fileSource(path, `--input ${option}`) })
  }
  for (const option of values.set) {
    const [target, raw] = splitOnce(option, '=', `--set ${option}: expected <nodeId>.<param>=<json> or =@<file>`)
    const [nodeId, param] = splitOnce(target, '.', `--set ${option}: expected <nodeId>.<param> before "="`)
    if (raw.startsWith('@')) request.fileParams.push({ nodeId, param, file: await fileSource(raw.slice(1), `--set ${option}`, MAX_PARAM_FILE_BYTES) })
    else request.params.push({ nodeId, param, value: parseJson(raw, option) })
  }

  const outDir = resolve(values.out)
  await mkdir(outDir, { recursive: true })
  if (values.profile) await mkdir(resolve(values.profile), { recursive: true })
  await ensureDist()

  // The page is at RUNNER_ORIGIN (the browser reaches it through the server as its proxy).
  const server = await serveStatic({ root: distDir, extraHosts: [new URL(RUNNER_ORIGIN).host] })
  const browser = await launchChromium({ proxyPort: server.port, ...(values.profile ? { profile: resolve(values.profile) } : {}) })
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage())
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    // What the app's Content-Security-Policy (scripts/csp.mjs) refused would otherwise go unseen.
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy')) console.error(`page refused: ${message.text()}`)
    })
    await page.route(`${RUNNER_ORIGIN}${FILES_PATH}**`, (route) => {
      const index = Number(new URL(route.request().url()).pathname.slice(FILES_PATH.length).split('/')[0])
      return route.fulfill({ path: files[index] })
    })
    await page.goto(`${RUNNER_ORIGIN}/headless.html`)
    await page.waitForFunction(() => window.reelgraph !== undefined, undefined, { timeout: 30_000 })
    // As one JSON string: Playwright's own transfer leaves out keys named __proto__ (a node may be called
    // that), and walks a large result (a record and a value for each of thousands of nodes) far more
    // slowly than JSON does.
    const result = JSON.parse(await page.evaluate(async (req) => JSON.stringify(await window.reelgraph.run(req)), request))
    if (!result.ok && result.overBudget !== undefined) {
      console.error(`${pipelinePath} was not run: ${result.overBudget}. Nothing was sent; raise --budget to go on.`)
      return 3
    }
    if (!result.ok) {
      console.error(`${pipelinePath} cannot run:`)
      for (const issue of result.issues) console.error(`  ${issue.path}: ${issue.message}`)
      return 2
    }
    for (const note of result.notes) console.error(`note: ${note.path}: ${note.message}`)
    const stemOf = values['name-by-label'] ? stemsByLabel(result) : outputStem
    const written = await writeResults(page, result.values, outDir, stemOf)
    const report = reportOf(result, written)
    await writeInside(outDir, REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`)
    printSummary(report, outDir)
    return report.status === 'done' ? 0 : 1
  } finally {
    await browser.close()
    await server.close()
  }
}

/** A zip starts with "PK\x03\x04". */
function isZip(bytes) {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

function splitOnce(text, separator, message) {
  const at = text.indexOf(separator)
  if (at <= 0 || at === text.length - 1) throw new UsageError(message)
  return [text.slice(0, at), text.slice(at + 1)]
}

/** `--budget 5`, `--budget 12.50`: US dollars, at least 0, at most a pipeline's largest budget. */
function budgetOf(raw) {
  const usd = /^\s*\$?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw.replace('$', '')) : Number.NaN
  if (!Number.isFinite(usd) || usd > MAX_BUDGET_USD) throw new UsageError(`--budget ${raw}: expected US dollars from 0 to ${MAX_BUDGET_USD.toLocaleString('en-US')}, e.g. --budget 5 or --budget 12.50`)
  return usd
}

function parseJson(raw, option) {
  try {
    return JSON.parse(raw)
  } catch (error) {
    throw new UsageError(`--set ${option}: the value is not JSON (${error.message}); quote text like --set 'note.text="Dusk"'`)
  }
}

/**
 * A file named on the command line, as the page will store it: resolved from the working directory
 * (or the absolute path given), a regular file (a directory, a device, a pipe or a socket is refused
 * with what it is), at most `limit` bytes, and typed by what its first bytes are (a PNG named
 * `.dat` is an image), else by its name.
 */
async function readableFile(path, option, limit = Infinity) {
  const absolute = resolve(path)
  const info = await stat(absolute).catch((error) => {
    throw new UsageError(`${option}: ${absolute} ${error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.message})`}`)
  })
  if (info.isDirectory()) throw new UsageError(`${option}: ${absolute} is a directory; give one file inside it`)
  if (!info.isFile()) throw new UsageError(`${option}: ${absolute} is not a regular file (a device, a pipe or a socket); give a file`)
  if (info.size > limit) {
    throw new UsageError(`${option}: ${absolute} is ${formatMegabytes(info.size)}; a file given to a param may be at most ${formatMegabytes(limit)} (an input node's clip goes in with --input)`)
  }
  const name = basename(absolute)
  const sniffed = sniffedType(await readHead(absolute))
  const byName = mimeForPath(name).split(';')[0]
  // What the bytes are wins for media; a text file keeps what its name says (a `.cube` LUT, a `.fountain` script).
  const mime = /^(image|video|audio)\//.test(sniffed) || byName === 'application/octet-stream' ? sniffed : byName
  const kind = /\.(cube|3dl)$/i.test(name) || sniffed === 'lut' ? 'lut' : /^(image|video|audio)\//.test(mime) ? mime.split('/')[0] : 'file'
  return { absolute, name, mime: mime === 'lut' ? 'text/plain' : mime, kind }
}

/** The largest file `--set <node>.<param>=@<file>` reads: params take LUTs, scripts, stills and workflows, not masters. */
const MAX_PARAM_FILE_BYTES = 512 * 1024 * 1024

/** How many bytes are read to tell what a file is. */
const SNIFF_BYTES = 64 * 1024

async function readHead(path) {
  const handle = await open(path, 'r')
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** The media type of a file's first bytes (`lut` for a `.cube` LUT); text cut mid-character is still text. */
function sniffedType(head) {
  let extension = sniffExtension(head)
  // A head cut inside a UTF-8 character reads as binary: without its last few bytes it reads as what it is.
  for (let cut = 1; extension === 'bin' && head.length === SNIFF_BYTES && cut <= 3; cut++) extension = sniffExtension(head.subarray(0, head.length - cut))
  if (extension === 'cube') return 'lut'
  return mimeForPath(`file.${extension}`).split(';')[0]
}

function formatMegabytes(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`
}

function isAsset(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.hash === 'string' && value.kind !== 'prompt'
}

/**
 * `--name-by-label`'s names: the pipeline's and the node's, as a download of the result is named in
 * the app; the port only for a node that writes more than one.
 */
function stemsByLabel(result) {
  const ports = new Map()
  for (const { nodeId, port } of result.values) ports.set(nodeId, (ports.get(nodeId) ?? new Set()).add(port))
  const pipeline = result.pipeline.name || result.pipeline.id
  return (nodeId, port, index) =>
    labelStem({ pipeline, node: result.nodeNames[nodeId] ?? nodeId, ...(ports.get(nodeId)?.size > 1 ? { port } : {}), index })
}

/**
 * Writes each value: media as files named by node and port (made safe, see output-files.mjs), or by `stemOf`, with
 * the extension of what the bytes are; everything else as JSON. Small assets are read from the page
 * several to a call, and the files are written in one go (writeAllInside), so a thousand small
 * sinks cost a few round trips, not one each.
 */
async function writeResults(page, values, outDir, stemOf = outputStem) {
  const files = []
  for (const { nodeId, port, value } of values) {
    if (isAsset(value)) {
      files.push({ stem: stemOf(nodeId, port), asset: value })
    } else if (Array.isArray(value) && value.length > 0 && value.every(isAsset)) {
      for (const [i, item] of value.entries()) files.push({ stem: stemOf(nodeId, port, i), asset: item })
    } else {
      files.push({ stem: stemOf(nodeId, port), extension: 'json', text: `${JSON.stringify(value, null, 2)}\n` })
    }
  }
  await readAssets(page, files.filter((file) => file.asset))
  // Named in output order once the bytes are known, so names that read alike are numbered alike every run.
  const names = new OutputNames([REPORT_FILE])
  for (const file of files) file.name = names.claim(file.stem, file.bytes ? sniffExtension(file.bytes) : file.extension)
  writeAllInside(outDir, files.map((file) => ({ name: file.name, bytes: file.bytes ?? file.text })))
  return files.map((file) => file.name)
}

/** Sets `bytes` on each file from its asset: assets up to READ_CHUNK together, up to READ_CHUNK a call; larger ones in pieces. */
async function readAssets(page, files) {
  const read = (pieces) => page.evaluate((list) => Promise.all(list.map(([r, o, l]) => window.reelgraph.readAsset(r, o, l))), pieces)
  let batch = []
  let batchBytes = 0
  const flush = async () => {
    const texts = await read(batch.map((file) => [file.asset, 0, file.asset.bytes]))
    for (const [i, file] of batch.entries()) file.bytes = Buffer.from(texts[i], 'base64')
    batch = []
    batchBytes = 0
  }
  for (const file of files) {
    if (file.asset.bytes > READ_CHUNK) {
      const pieces = []
      for (let offset = 0; offset < file.asset.bytes; offset += READ_CHUNK) {
        const [base64] = await read([[file.asset, offset, READ_CHUNK]])
        pieces.push(Buffer.from(base64, 'base64'))
      }
      file.bytes = Buffer.concat(pieces)
      continue
    }
    if (batchBytes + file.asset.bytes > READ_CHUNK) await flush()
    batch.push(file)
    batchBytes += file.asset.bytes
  }
  if (batch.length > 0) await flush()
}

function reportOf(result, outputs) {
  // Keyed by node id, which may be any name: `__proto__` must be an entry, not the prototype.
  const nodes = Object.create(null)
  for (const [id, entry] of Object.entries(result.record.nodes)) {
    nodes[id] = {
      type: result.nodeTypes[id],
      status: entry.status,
      cached: entry.cached,
      durationMs: Math.round(entry.durationMs * 100) / 100,
      cacheKey: entry.cacheKey,
      ...(entry.error !== undefined ? { error: entry.error } : {}),
      // Takes and other parts cached on their own: how many this run reused and how many it made.
      ...(entry.parts !== undefined ? { parts: entry.parts } : {}),
      // What the parts made in this run paid providers, as estimated.
      ...(entry.costUsd !== undefined ? { costUsd: entry.costUsd } : {}),
      // What the node warns of about its result: a loudness target it could not reach, say.
      ...(entry.warnings !== undefined ? { warnings: entry.warnings } : {}),
      // A node that ran per item: each item by its key, in item order (README, "Lists").
      ...(entry.items !== undefined ? { items: itemsReport(entry.items) } : {}),
    }
  }
  return {
    pipeline: result.pipeline,
    status: result.record.status,
    startedAt: new Date(result.record.startedAt).toISOString(),
    durationMs: result.record.finishedAt - result.record.startedAt,
    nodes,
    // The same items by shot: each item key with what every per-item node did for it.
    shots: shotsOf(nodes),
    outputs,
    // What the nodes reported, warned of and failed with, as the app's Log panel lists it.
    log: logOf(result.record.log),
  }
}

/** The run's log lines, each time as an ISO date, and how many older lines were not kept. */
function logOf({ lines, dropped }) {
  return { lines: lines.map((line) => ({ ...line, at: new Date(line.at).toISOString() })), dropped }
}

/** Each item key, in the order the nodes ran them, with each per-item node's status for it. */
function shotsOf(nodes) {
  const shots = new Map()
  for (const [id, node] of Object.entries(nodes)) {
    for (const [key, item] of Object.entries(node.items ?? {})) {
      if (!shots.has(key)) shots.set(key, Object.create(null))
      shots.get(key)[id] = { status: item.status, durationMs: item.durationMs, ...(item.error !== undefined ? { error: item.error } : {}) }
    }
  }
  return [...shots].map(([key, items]) => ({ key, items }))
}

function itemsReport(items) {
  // Item keys come from documents and media: a shot called `__proto__` stays an ordinary entry.
  const report = Object.create(null)
  for (const [key, item] of Object.entries(items)) report[key] = { ...item, durationMs: Math.round(item.durationMs * 100) / 100 }
  return report
}

/** The summary on stdout, written at once: a line per node and item, not a write each (thousands for a large run). */
function printSummary(report, outDir) {
  const detailOf = (entry) => (entry.error ? `: ${entry.error}` : entry.status === 'done' ? ` in ${entry.durationMs} ms` : '')
  const lines = []
  for (const [id, node] of Object.entries(report.nodes)) {
    const count = node.items ? ` ×${Object.keys(node.items).length}` : ''
    lines.push(`  ${node.status.padEnd(9)} ${id} (${node.type})${count}${detailOf(node)}`)
    for (const warning of node.warnings ?? []) lines.push(`            warning: ${warning}`)
    for (const [key, item] of Object.entries(node.items ?? {})) lines.push(`    ${item.status.padEnd(9)} ${id} [${key}]${detailOf(item)}`)
  }
  for (const { key, items } of report.shots) {
    lines.push(`  shot ${key}: ${Object.entries(items).map(([id, item]) => `${id} ${item.status}${item.error ? ` (${item.error})` : ''}`).join(', ')}`)
  }
  lines.push(`${report.pipeline.name || report.pipeline.id}: ${report.status}; wrote ${report.outputs.length + 1} files to ${outDir}`)
  console.log(lines.join('\n'))
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  // parseArgs reports an unknown or malformed option with an ERR_PARSE_ARGS_* code.
  if (error instanceof UsageError || String(error?.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`reelgraph: ${error.message}\n\n${usage}`)
    process.exitCode = 2
  } else {
    console.error(`reelgraph: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  }
}
