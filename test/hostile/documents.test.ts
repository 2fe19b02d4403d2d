/**
 * The hostile document corpus: every file in test/hostile/documents/ goes through every public
 * entry a pipeline document comes in by — opening a file (parse, migrate, validate), importing it
 * into the library, importing it in a bundle, a share link both ways — and, when it opens, the
 * engine's plan and run with in-memory stores. Each must finish (a bound, not a speed check),
 * leave Object.prototype as it was, and either open or refuse with a message that says where.
 *
 * A file's name says what it must do: `runs-…` opens and runs to the end, `blocked-…` opens but the
 * plan refuses to run it, `refused-…` does not open. The corpus grows by adding files.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { deflateSync, strToU8, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../src/document/bundle'
import { readShareFragment, shareLinkFor } from '../../src/document/share'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import {
  loadPipeline,
  MemoryAssetStore,
  MemoryResultStore,
  planRun,
  runPipeline,
  withoutUnknownParams,
  type LoadResult,
} from '../../src/engine'
import type { DocIssue, PipelineDoc } from '../../src/graph'
import { base64Url } from '../../src/providers/encoding'
import { registry } from '../engine/shipped-registry'
import { expectPrototypeUntouched, settled } from '../prototype-names'
import { freshStorage, sampleDoc } from '../storage/fixtures'

const folder = new URL('./documents/', import.meta.url)
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .sort()

type Expectation = 'runs' | 'blocked' | 'refused'

function expectationOf(file: string): Expectation {
  const prefix = /^(runs|blocked|refused)-/.exec(file)?.[1]
  if (!prefix) throw new Error(`${file}: a case's name starts with runs-, blocked- or refused-`)
  return prefix as Expectation
}

/** Every problem names its place: a field path, and a message that is not empty. */
function expectPlaces(issues: readonly DocIssue[], what: string): void {
  expect(issues.length, `${what} gives its reasons`).toBeGreaterThan(0)
  for (const issue of issues) {
    expect(issue.path, `${what}: ${issue.message}`).toMatch(/\S/)
    expect(issue.message, `${what} at ${issue.path}`).toMatch(/\S/)
  }
}

/** The text as a share link's fragment, unchecked: what someone could send. */
function fragmentHolding(text: string): string {
  return `#pipeline=${base64Url(deflateSync(strToU8(text), { level: 9 }))}`
}

/** The text as the document of a bundle with no media. */
function bundleHolding(text: string): Blob {
  const manifest = JSON.stringify({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION, assets: [] })
  const zip = zipSync({ 'manifest.json': strToU8(manifest), 'pipeline.json': strToU8(text) })
  return new Blob([zip as BlobPart], { type: 'application/zip' })
}

const stores: EditorStore[] = []

function libraryStore(): EditorStore {
  const store = createEditorStore({ storage: freshStorage(), registry }, sampleDoc('start', 'Start'))
  stores.push(store)
  return store
}

afterEach(() => {
  for (const store of stores.splice(0)) store.close()
  expectPrototypeUntouched()
})

/** The outcome of opening the file, with the same verdict through every entry that reads a document. */
async function openEverywhere(file: string, text: string, expected: Expectation): Promise<LoadResult> {
  const opens = expected !== 'refused'
  const loaded = loadPipeline(text, registry)
  expect(loaded.ok, `${file} opens`).toBe(opens)
  if (!loaded.ok) expectPlaces(loaded.issues, `${file}, opened`)
  expectPrototypeUntouched()

  const shared = readShareFragment(fragmentHolding(text), registry)
  expect(shared?.ok, `${file} from a share link`).toBe(opens)
  if (shared && !shared.ok) expectPlaces(shared.issues, `${file}, from a link`)
  expectPrototypeUntouched()

  const store = libraryStore()
  const imported = await settled(store.getState().importPipeline(text), `importing ${file}`)
  expect(imported.ok, `${file} imported`).toBe(opens)
  if (!imported.ok) expectPlaces(imported.issues, `${file}, imported`)
  else expectKnownSettingsOnly(store.getState().doc, imported.templateInputs)
  expectPrototypeUntouched()

  const bundled = await settled(store.getState().importBundle(bundleHolding(text)), `importing ${file} in a bundle`)
  expect(bundled.ok, `${file} in a bundle`).toBe(opens)
  if (!bundled.ok) expectPlaces(bundled.issues, `${file}, in a bundle`)
  else expectKnownSettingsOnly(store.getState().doc, bundled.templateInputs)
  expectPrototypeUntouched()
  return loaded
}

/**
 * An imported pipeline keeps only params its node types have, and a template input the import
 * report does not list points at one of them: `constructor` or `toString` is no param of any type.
 */
function expectKnownSettingsOnly(doc: PipelineDoc, templateInputs: readonly DocIssue[]): void {
  for (const node of doc.nodes) {
    const shape = registry.get(node.type)?.params.shape
    if (!shape) continue
    for (const name of Object.keys(node.params)) expect(Object.hasOwn(shape, name), `"${node.id}" keeps param "${name}"`).toBe(true)
  }
  const listed = new Set(templateInputs.map((issue) => issue.path.replace(/\.(node|param)$/, '')))
  doc.exposed?.forEach((exposed, i) => {
    if (listed.has(`exposed[${i}]`)) return
    const node = doc.nodes.find((candidate) => candidate.id === exposed.node)
    const shape = node && registry.get(node.type)?.params.shape
    expect(shape !== undefined && Object.hasOwn(shape, exposed.param), `exposed[${i}] points at "${exposed.param}"`).toBe(true)
  })
}

/** A link made from the opened document opens the same document. */
function expectLinkRoundTrip(file: string, doc: PipelineDoc): void {
  const link = shareLinkFor(doc, 'http://localhost:5173/')
  if (!link.ok) {
    expect(link.message, `${file}: why no link`).toMatch(/too big for a link/)
    return
  }
  const back = readShareFragment(new URL(link.url).hash, registry)
  expect(back?.ok, `${file} back from its link`).toBe(true)
  if (back?.ok) expect(back.doc).toEqual(doc)
  expectPrototypeUntouched()
}

describe('hostile documents', () => {
  it('has a case per file, at least twenty, each named for what it must do', () => {
    expect(files.length).toBeGreaterThanOrEqual(20)
    for (const file of files) expectationOf(file)
  })

  it.each(files)('%s', async (file) => {
    const expected = expectationOf(file)
    const text = readFileSync(new URL(file, folder), 'utf8')
    const loaded = await openEverywhere(file, text, expected)
    if (!loaded.ok) return

    expectLinkRoundTrip(file, loaded.doc)
    const { doc } = withoutUnknownParams(loaded.doc, registry)
    const planned = planRun(doc, registry)
    expect(planned.ok, `${file} can run`).toBe(expected === 'runs')
    const record = await settled(
      runPipeline(doc, { registry, results: new MemoryResultStore(), assets: new MemoryAssetStore() }),
      `running ${file}`,
    )
    expectPrototypeUntouched()
    if (expected === 'blocked') {
      expect(record.status).toBe('refused')
      expectPlaces(record.issues ?? [], `${file}, run`)
      return
    }
    expect(record.status, JSON.stringify(record.nodes)).toBe('done')
    expect(Object.keys(record.nodes).sort()).toEqual(doc.nodes.map((node) => node.id).sort())
    for (const node of doc.nodes) expect(Object.hasOwn(record.nodes, node.id), node.id).toBe(true)
  })
})
