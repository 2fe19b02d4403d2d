/**
 * The in-browser half of the headless runner (`npm run reelgraph -- run`). scripts/reelgraph.mjs
 * opens headless.html in headless Chromium and calls `window.reelgraph`: the same document loader,
 * node types, executor and IndexedDB stores as the app, with no interface.
 */
import { z } from 'zod'
import {
  describeParam,
  isAssetRef,
  runPipeline,
  upgradeNodes,
  type AssetKind,
  type AssetRef,
  type Outputs,
  type Value,
} from '../engine'
import { componentIdOf, expandComponents, hasEntry, ownValue, parsePipelineJson, validateDocument, type DocIssue, type PipelineDoc, type PipelineNode } from '../graph'
import { openStorage, roomForMedia, type RecordedRun } from '../storage'
import { followLog, keptLog, runNodeNamer, startLog } from '../editor/state/run-log'
import { DEFAULT_BUNDLE_LIMITS, readBundle } from '../document/bundle'
import { storeMediaFile } from '../document/media-files'
import { startingBudget } from '../document/run-budget'
import { renderRecipesOnDemand } from '../document/rendered-recipes'
import { registry } from './node-types'
import { appRemoteAccess } from '../providers/proxied-access'
import { runPool } from '../providers/run-pool'

/** A file the runner serves to the page at `url`, to be stored as an asset. */
export interface FileSource {
  url: string
  name: string
  mime: string
  kind: AssetKind
}

export interface HeadlessRunRequest {
  /** The pipeline: a document file's text, or a `.reelgraph.zip` bundle the page fetches. */
  pipeline: { document: string } | { bundle: FileSource }
  /** `--input <nodeId>=<file>`: sets that node's `file` param. */
  inputs: { nodeId: string; file: FileSource }[]
  /** `--set <nodeId>.<param>=<json>` */
  params: { nodeId: string; param: string; value: unknown }[]
  /** `--set <nodeId>.<param>=@<file>` */
  fileParams: { nodeId: string; param: string; file: FileSource }[]
  /** `--save <nodeId>`: written besides the sinks. */
  save: string[]
  /** `--allow-large-bundle`: keep a bundle's media however much it is (up to what storage can hold). */
  allowLargeBundle: boolean
  /** `--budget <usd>`: the pipeline's budget for this run, over the document's own (`budgetUsd`). */
  budgetUsd?: number
}

/**
 * One value to write out. `side: 'output'` is what a node produced on `port`; `side: 'input'` is
 * what a node without outputs (a preview) received on its input `port`.
 */
export interface ResultValue {
  nodeId: string
  port: string
  side: 'output' | 'input'
  value: Value
}

export type HeadlessRunResult =
  | { ok: false; issues: DocIssue[] }
  /** Not started: the estimate passes what the budget has left (by how much, in words). */
  | { ok: false; overBudget: string }
  | {
      ok: true
      pipeline: { id: string; name: string }
      /** Each node's type, for the report. */
      nodeTypes: Record<string, string>
      /** Each written node's name as the canvas shows it (its label, else its type's title), for `--name-by-label`. */
      nodeNames: Record<string, string>
      /** With the run's log, capped as the app's run record caps it. */
      record: RecordedRun
      values: ResultValue[]
      /** What a bundle held that was not used: entries not read, media it did not carry. */
      notes: DocIssue[]
    }

export interface HeadlessApi {
  run(request: HeadlessRunRequest): Promise<HeadlessRunResult>
  /** `length` bytes of a stored asset from `offset`, base64-encoded, so large media leaves in pieces. */
  readAsset(ref: AssetRef, offset: number, length: number): Promise<string>
}

declare global {
  interface Window {
    reelgraph: HeadlessApi
  }
}

const storage = openStorage()
const renderedFileOf = renderRecipesOnDemand(storage)

type OpenedPipeline = { ok: true; doc: PipelineDoc; notUpgraded: DocIssue[]; notes: DocIssue[] } | { ok: false; issues: DocIssue[] }

/** A document as any import reads it; a bundle's media stored (pinned) in this profile first. */
async function openPipeline(pipeline: HeadlessRunRequest['pipeline'], allowLargeBundle: boolean): Promise<OpenedPipeline> {
  if ('document' in pipeline) {
    // As loadPipeline reads it, without its validation: `run` validates once, with the command line's params applied.
    const parsed = parsePipelineJson(pipeline.document)
    return parsed.ok ? { ok: true, ...upgradeNodes(parsed.doc, registry), notes: [] } : parsed
  }
  const response = await fetch(pipeline.bundle.url)
  if (!response.ok) return { ok: false, issues: [{ path: pipeline.bundle.name, message: `could not be read (${response.status} ${response.statusText})` }] }
  const services = { registry, assets: storage.assets, room: () => roomForMedia(storage.assets.budget) }
  const read = await readBundle(await response.blob(), services, DEFAULT_BUNDLE_LIMITS, { allowLarge: allowLargeBundle })
  if (!read.ok && read.largeBundleBytes !== undefined) {
    const asked = read.issues.map((issue) => ({ ...issue, message: `${issue.message} Run again with --allow-large-bundle to keep it.` }))
    return { ok: false, issues: asked }
  }
  if (!read.ok) return read
  for (const asset of read.assets) await storage.assets.pin(asset.hash)
  return { ok: true, doc: read.doc, notUpgraded: read.notUpgraded, notes: [...read.refusedEntries, ...read.missingAssets] }
}

async function run(request: HeadlessRunRequest): Promise<HeadlessRunResult> {
  const loaded = await openPipeline(request.pipeline, request.allowLargeBundle)
  if (!loaded.ok) return loaded
  const targetIssues = checkTargets(loaded.doc, request)
  if (targetIssues.length > 0) return { ok: false, issues: targetIssues }

  const doc = await applyOverrides(loaded.doc, request)
  const issues = [...loaded.notUpgraded, ...validateDocument(doc, registry)]
  if (issues.length > 0) return { ok: false, issues }

  // Paid jobs are charged to this pipeline in the profile's ledger, as the app's runs are.
  const stores = { registry, results: storage.results, assets: storage.assets, remote: appRemoteAccess(storage, doc.id) }
  const capUsd = request.budgetUsd ?? doc.budgetUsd
  const budget = capUsd === undefined ? undefined : await startingBudget(doc, stores, { capUsd, spentUsd: await storage.jobs.spentUsd(doc.id) })
  if (budget && !budget.ok) return { ok: false, overBudget: budget.refusal }

  const outputs = new Map<string, Outputs>()
  // The run's log, as the app's Log panel follows it (docs/architecture.md, "How a run flows").
  const log = startLog()
  const nameOf = runNodeNamer(doc, registry)
  const ran = await runPipeline(
    doc,
    { ...stores, pool: await runPool(storage.settings) },
    {
      onEvent: (event) => {
        if (event.status === 'done' || event.status === 'cached') outputs.set(event.nodeId, event.outputs)
        followLog(log, event, Date.now(), nameOf)
      },
      ...(budget ? { budget: { leftUsd: budget.leftUsd } } : {}),
      // Validated above, with the command line applied; the planner does not check it again.
      validated: true,
    },
  )
  const record: RecordedRun = { ...ran, log: keptLog(log) }
  await storage.runs.add(record)
  return {
    ok: true,
    pipeline: { id: doc.id, name: doc.name },
    // The run record names the nodes inside component nodes as `instance/inner`.
    nodeTypes: Object.fromEntries([...doc.nodes, ...expandComponents(doc).doc.nodes].map((node) => [node.id, node.type])),
    record,
    nodeNames: Object.fromEntries(doc.nodes.map((node) => [node.id, nameOf(node.id)])),
    values: await asFiles(resultValues(doc, request.save, outputs)),
    notes: loaded.notes,
  }
}

/** Every node and param a command-line option names must be in the document. */
function checkTargets(doc: PipelineDoc, request: HeadlessRunRequest): DocIssue[] {
  const nodes = new Map(doc.nodes.map((node) => [node.id, node]))
  const issues: DocIssue[] = []
  const mention = (option: string, nodeId: string) => {
    if (!nodes.has(nodeId)) issues.push({ path: option, message: `there is no node "${nodeId}" in the pipeline` })
  }
  for (const { nodeId } of request.inputs) {
    mention(`--input ${nodeId}`, nodeId)
    const node = nodes.get(nodeId)
    const definition = node && registry.get(node.type)
    if (definition && !('file' in definition.params.shape)) {
      issues.push({ nodeId, path: `--input ${nodeId}`, message: `a "${node.type}" node takes no file; --input is for input nodes` })
    }
  }
  const targets = [...request.params.map(({ nodeId, param }) => ({ nodeId, param, isFile: false })), ...request.fileParams.map(({ nodeId, param }) => ({ nodeId, param, isFile: true }))]
  for (const { nodeId, param, isFile } of targets) {
    const option = `--set ${nodeId}.${param}`
    mention(option, nodeId)
    const node = nodes.get(nodeId)
    const componentId = node && componentIdOf(node.type)
    if (componentId !== undefined) {
      // A component node's params are its component's inputs, by label: `--set shot.takes=3`.
      const labels = doc.components?.find((component) => component.id === componentId)?.exposed?.map((input) => input.label) ?? []
      if (!labels.includes(param)) {
        issues.push({ nodeId, path: option, message: `the component node "${nodeId}" has no input "${param}" (its inputs: ${labels.join(', ') || 'none'})` })
      }
      continue
    }
    const known = node && registry.get(node.type)?.params.shape
    // A misspelt param would otherwise be dropped silently by the schema.
    if (known && !hasEntry(known, param)) {
      const names = Object.keys(known).join(', ') || 'none'
      issues.push({ nodeId, path: option, message: `a "${node.type}" node has no param "${param}" (its params: ${names})` })
    } else if (known && isFile && !takesFile(ownValue(known, param) as z.ZodType)) {
      issues.push({ nodeId, path: option, message: `the param "${param}" of a "${node.type}" node takes no file: give its value as JSON (${option}=<json>)` })
    }
  }
  for (const nodeId of request.save) mention(`--save ${nodeId}`, nodeId)
  return issues
}

/** Whether a param holds a file, or a list of files (`assetParam`: shown as a file field). */
function takesFile(schema: z.ZodType): boolean {
  const { base, ui } = describeParam(schema)
  if (ui.ui === 'file') return true
  return base instanceof z.ZodArray && describeParam(base.element as z.ZodType).ui.ui === 'file'
}

function takesFileList(doc: PipelineDoc, nodeId: string, param: string): boolean {
  const type = doc.nodes.find((node) => node.id === nodeId)?.type
  const shape = type === undefined ? undefined : registry.get(type)?.params.shape
  const schema = shape && ownValue(shape, param)
  return schema !== undefined && describeParam(schema as z.ZodType).base instanceof z.ZodArray
}

function listSoFar(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** The document with the command line's params applied; files are stored (pinned) as assets first. */
async function applyOverrides(doc: PipelineDoc, request: HeadlessRunRequest): Promise<PipelineDoc> {
  const changes = new Map<string, Record<string, unknown>>()
  const change = (nodeId: string, param: string, value: unknown) => {
    const params = changes.get(nodeId) ?? {}
    params[param] = value
    changes.set(nodeId, params)
  }
  for (const { nodeId, file } of request.inputs) change(nodeId, 'file', await storeFile(file))
  for (const { nodeId, param, file } of request.fileParams) {
    const stored = await storeFile(file)
    // A list of files (a character's reference images) gathers one file per --set, in order.
    if (!takesFileList(doc, nodeId, param)) change(nodeId, param, stored)
    else change(nodeId, param, [...listSoFar(changes.get(nodeId)?.[param]), stored])
  }
  for (const { nodeId, param, value } of request.params) change(nodeId, param, value)
  const nodes = doc.nodes.map((node): PipelineNode => {
    const params = changes.get(node.id)
    return params ? { ...node, params: { ...node.params, ...params } } : node
  })
  return { ...doc, nodes }
}

/** Stored as the app stores an upload (pinned, same facts), so the runner and the app share cache keys. */
async function storeFile(file: FileSource): Promise<AssetRef> {
  const response = await fetch(file.url)
  if (!response.ok) throw new Error(`could not read ${file.name} (${response.status} ${response.statusText})`)
  const blob = await response.blob()
  return storeMediaFile(storage.assets, blob.slice(0, blob.size, file.mime), file.kind, file.name)
}

/**
 * What the runner writes: every output of each sink (a node nothing reads from) and each saved
 * node; for a node without outputs, what reached its inputs.
 */
function resultValues(doc: PipelineDoc, save: string[], outputs: Map<string, Outputs>): ResultValue[] {
  const readFrom = new Set(doc.edges.map((edge) => edge.from.node))
  const wanted = new Set([...doc.nodes.filter((node) => !readFrom.has(node.id)).map((node) => node.id), ...save])
  const values: ResultValue[] = []
  for (const node of doc.nodes) {
    if (!wanted.has(node.id)) continue
    // A component node's outputs are those of the inner nodes that feed them.
    if (componentIdOf(node.type) !== undefined) {
      for (const [port, value] of Object.entries(outputs.get(node.id) ?? {})) values.push({ nodeId: node.id, port, side: 'output', value })
      continue
    }
    const definition = registry.get(node.type)
    if (!definition) continue
    if (Object.keys(definition.outputs).length > 0) {
      for (const [port, value] of Object.entries(outputs.get(node.id) ?? {})) {
        values.push({ nodeId: node.id, port, side: 'output', value })
      }
      continue
    }
    for (const port of Object.keys(definition.inputs)) {
      const received = doc.edges
        .filter((edge) => edge.to.node === node.id && edge.to.port === port)
        .map((edge) => outputs.get(edge.from.node)?.[edge.from.port])
        .filter((value): value is Value => value !== undefined)
      const value = definition.inputs[port]?.type.endsWith('[]') ? received.flat() : received[0]
      if (value !== undefined) values.push({ nodeId: node.id, port, side: 'input', value })
    }
  }
  return values
}

/** Each clip kept as a render recipe as its rendered file, so the runner copies out the picture, not the recipe. */
async function asFiles(values: ReturnType<typeof resultValues>): Promise<ReturnType<typeof resultValues>> {
  const asFile = (value: Value): Promise<Value> | Value => (isAssetRef(value) ? renderedFileOf(value) : value)
  return Promise.all(values.map(async (entry) => ({ ...entry, value: Array.isArray(entry.value) ? await Promise.all(entry.value.map(asFile)) : await asFile(entry.value) })))
}

async function readAsset(ref: AssetRef, offset: number, length: number): Promise<string> {
  const blob = await storage.assets.get(ref)
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as string)
    reader.onerror = () => reject(reader.error ?? new Error(`could not read asset ${ref.hash.slice(0, 12)}`))
    reader.readAsDataURL(blob.slice(offset, offset + length))
  })
  return dataUrl.slice(dataUrl.indexOf(',') + 1)
}

window.reelgraph = { run, readAsset }
