/**
 * The hostile input corpus: every file in test/hostile/inputs/ is one case — a share link, pasted
 * text, a document, a bundle or a runner output a stranger could hand someone — run through each
 * entry point it applies to. Each must be refused with the message the case names (or open, for a
 * control case), leave the open pipeline as it was, and keep nothing: no pipeline saved, no media
 * stored, no file written outside the runner's --out. Large inputs (a zip bomb, 5,000 nested
 * arrays) are described in the case and built here, so nothing large is committed.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync, strToU8, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { OutputNames, outputStem, sniffExtension, writeInside } from '../../scripts/output-files.mjs'
import { DEFAULT_BUNDLE_LIMITS, readBundle } from '../../src/document/bundle'
import { readShareFragment } from '../../src/document/share'
import { createEditorStore } from '../../src/editor/state/create-editor-store'
import { pasteText } from '../../src/editor/clipboard/fragment-clipboard'
import { importFile, isPipelineText } from '../../src/editor/dialogs/import-file'
import { hashBytes, loadPipeline } from '../../src/engine'
import type { DocIssue, PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { registry } from '../engine/shipped-registry'
import { freshStorage } from '../storage/fixtures'

const folder = join(import.meta.dirname, 'inputs')

/** Text as literal pieces and repeats, so 5,000 nested arrays are a line in a case file. */
const textSchema = z.union([z.string(), z.array(z.union([z.string(), z.object({ repeat: z.string(), times: z.number().int().min(1) })]))])
type Text = z.infer<typeof textSchema>

const expectSchema = z.union([z.object({ refused: z.string() }), z.object({ opens: z.literal(true), note: z.string().optional() })])

const assetSchema = z.object({
  /** The asset's bytes: `bytes` of `fill`, or text. */
  fill: z.number().int().min(0).max(255).default(0),
  bytes: z.number().int().min(0).optional(),
  text: z.string().optional(),
  kind: z.enum(['image', 'video', 'audio', 'lut', 'file']).default('video'),
  mime: z.string().default('video/mp4'),
  /** What manifest.json says it holds, when it lies. */
  manifestBytes: z.number().int().min(0).optional(),
  /** What the zip's directory says it unpacks to, when it lies. */
  zipClaims: z.number().int().min(0).optional(),
  /** Bytes that are not the ones hashed, for an altered asset. */
  alteredFill: z.number().int().min(0).max(255).optional(),
})

const caseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('document'),
    title: z.string(),
    /** The entry points it is run through. */
    entries: z.array(z.enum(['link', 'paste', 'file', 'bundle', 'runner'])).min(1),
    document: textSchema,
    expect: expectSchema,
  }),
  z.object({ kind: z.literal('paste'), title: z.string(), text: textSchema, expect: z.object({ refused: z.string() }) }),
  z.object({
    kind: z.literal('link'),
    title: z.string(),
    /** The fragment as it stands, or text to deflate into one. */
    fragment: textSchema.optional(),
    deflate: textSchema.optional(),
    expect: z.object({ refused: z.string() }),
  }),
  z.object({
    kind: z.literal('bundle'),
    title: z.string(),
    manifest: textSchema.optional(),
    document: textSchema.optional(),
    assets: z.array(assetSchema).default([]),
    entries: z.array(z.object({ name: z.string(), text: textSchema })).default([]),
    limits: z.object({ maxEntries: z.number(), maxTotalBytes: z.number(), askAboveBytes: z.number() }).partial().optional(),
    /** Bytes the browser's storage has room for. */
    room: z.number().optional(),
    expect: expectSchema,
    /** For a bundle that waits for a yes: the media it holds. */
    largeBundleBytes: z.number().optional(),
  }),
  z.object({
    kind: z.literal('output'),
    title: z.string(),
    /** Values a pipeline's sinks produced: the node id, what the document claims they are, and their bytes. */
    outputs: z.array(z.object({ nodeId: z.string(), port: z.string().default('image'), mime: z.string(), text: z.string() })).min(1),
    /** The extension each output must be written with, in order. */
    extensions: z.array(z.string()),
  }),
])
type HostileCase = z.infer<typeof caseSchema>

const cases = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, hostile: caseSchema.parse(JSON.parse(readFileSync(join(folder, name), 'utf8'))) }))

function build(text: Text): string {
  if (typeof text === 'string') return text
  return text.map((piece) => (typeof piece === 'string' ? piece : piece.repeat.repeat(piece.times))).join('')
}

const ownDoc: PipelineDoc = {
  format: 'reelgraph',
  version: 1,
  id: 'own',
  name: 'My own pipeline',
  description: '',
  nodes: [{ id: 'line', type: 'text', typeVersion: 1, position: { x: 0, y: 0 }, params: { text: 'mine' } }],
  edges: [],
}
const smallDocument = JSON.stringify({ ...ownDoc, id: 'small', name: 'Small' })

const opened: Storage[] = []
afterEach(() => {
  for (const storage of opened.splice(0)) storage.close()
})

/** An editor with the person's own pipeline open, over storage of its own. */
function editor() {
  const storage = freshStorage()
  opened.push(storage)
  const store = createEditorStore({ storage, registry }, ownDoc)
  return { store, storage, registry }
}
type Editor = ReturnType<typeof editor>

/** Nothing kept: the own pipeline still open, no pipeline saved, no media stored. */
async function expectNothingKept({ store, storage }: Editor): Promise<void> {
  expect(store.getState().doc.id).toBe('own')
  expect(await storage.pipelines.list()).toEqual([])
  expect(await storage.db.assets.count()).toBe(0)
}

function messages(issues: DocIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n')
}

/** What the import dialog shows after a file, drop or paste: the refusal, or that it opened. */
function importShown({ store }: Editor): { ok: boolean; text: string } {
  const report = store.getState().importReport
  if (report) return { ok: report.outcome.ok, text: report.outcome.ok ? '' : messages(report.outcome.issues) }
  return { ok: true, text: store.getState().notice?.message ?? '' }
}

/** Pasted text as the canvas takes it: a whole document is imported, anything else read as copied nodes. */
async function paste(into: Editor, text: string): Promise<{ ok: boolean; text: string }> {
  if (isPipelineText(text)) {
    await importFile(into, new File([text], 'pasted pipeline.json', { type: 'application/json' }))
    return importShown(into)
  }
  const before = into.store.getState().doc
  pasteText(into, text)
  return { ok: into.store.getState().doc !== before, text: into.store.getState().notice?.message ?? '' }
}

function linkFor(text: string): string {
  return `#pipeline=${Buffer.from(deflateSync(strToU8(text), { level: 9 })).toString('base64url')}`
}

/** Rewrites the directory entry `name` to claim `bytes` unpacked, as a hostile zip would. */
function claimSize(zip: Uint8Array, name: string, bytes: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  for (let at = 0; at + 46 <= zip.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue
    const entryName = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + view.getUint16(at + 28, true)))
    if (entryName === name) view.setUint32(at + 24, bytes, true)
  }
}

async function bundleOf(hostile: Extract<HostileCase, { kind: 'bundle' }>): Promise<Blob> {
  const files: Record<string, Uint8Array> = {}
  const refs = []
  const claims: [string, number][] = []
  for (const asset of hostile.assets) {
    const bytes = asset.text !== undefined ? strToU8(asset.text) : new Uint8Array(asset.bytes ?? 0).fill(asset.fill)
    const hash = await hashBytes(bytes)
    refs.push({ kind: asset.kind, hash, mime: asset.mime, bytes: asset.manifestBytes ?? bytes.length, meta: {} })
    files[`assets/${hash}`] = asset.alteredFill === undefined ? bytes : new Uint8Array(bytes.length).fill(asset.alteredFill)
    if (asset.zipClaims !== undefined) claims.push([`assets/${hash}`, asset.zipClaims])
  }
  files['manifest.json'] = strToU8(hostile.manifest ? build(hostile.manifest) : JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: refs }))
  files['pipeline.json'] = strToU8(hostile.document ? build(hostile.document) : smallDocument)
  for (const entry of hostile.entries) files[entry.name] = strToU8(build(entry.text))
  const zip = zipSync(files)
  for (const [name, bytes] of claims) claimSize(zip, name, bytes)
  return new Blob([zip as BlobPart])
}

function expectOutcome(outcome: { ok: boolean; text: string }, expected: z.infer<typeof expectSchema>, where: string): void {
  if ('refused' in expected) {
    expect(outcome.ok, `${where} should refuse it`).toBe(false)
    expect(outcome.text, where).toContain(expected.refused)
  } else {
    expect(outcome.ok, `${where} should open it: ${outcome.text}`).toBe(true)
  }
}

async function runDocument(hostile: Extract<HostileCase, { kind: 'document' }>): Promise<void> {
  const text = build(hostile.document)
  const refusing = 'refused' in hostile.expect
  for (const entry of hostile.entries) {
    const into = editor()
    if (entry === 'link') {
      const shared = readShareFragment(linkFor(text), registry)
      if (!shared) throw new Error('the link was not read as a share link')
      into.store.getState().receiveSharedPipeline(shared)
      expectOutcome({ ok: shared.ok, text: shared.ok ? '' : messages(shared.issues) }, hostile.expect, 'the share link')
    } else if (entry === 'paste') {
      expectOutcome(await paste(into, text), hostile.expect, 'a paste')
    } else if (entry === 'file') {
      await importFile(into, new File([text], 'hostile.reelgraph.json', { type: 'application/json' }))
      expectOutcome(importShown(into), hostile.expect, 'a file')
    } else if (entry === 'bundle') {
      const zip = zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: [] })), 'pipeline.json': strToU8(text) })
      await importFile(into, new File([zip as BlobPart], 'hostile.reelgraph.zip', { type: 'application/zip' }))
      expectOutcome(importShown(into), hostile.expect, 'a bundle')
    } else {
      // The runner reads a document file with the same loader (src/app/headless.ts).
      const loaded = loadPipeline(text, registry)
      expectOutcome({ ok: loaded.ok, text: loaded.ok ? '' : messages(loaded.issues) }, hostile.expect, 'the runner')
    }
    if (refusing) await expectNothingKept(into)
  }
}

async function runBundle(hostile: Extract<HostileCase, { kind: 'bundle' }>): Promise<void> {
  const into = editor()
  const limits = { ...DEFAULT_BUNDLE_LIMITS, ...hostile.limits }
  const room = hostile.room
  const read = await readBundle(await bundleOf(hostile), { registry, assets: into.storage.assets, room: async () => room }, limits)
  if (read.ok) {
    expectOutcome({ ok: true, text: '' }, hostile.expect, 'the bundle')
    if ('note' in hostile.expect && hostile.expect.note) expect(messages([...read.refusedEntries, ...read.missingAssets])).toContain(hostile.expect.note)
    return
  }
  expectOutcome({ ok: false, text: messages(read.issues) }, hostile.expect, 'the bundle')
  expect(read.largeBundleBytes).toBe(hostile.largeBundleBytes)
  await expectNothingKept(into)
}

async function runOutputs(hostile: Extract<HostileCase, { kind: 'output' }>): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-hostile-'))
  try {
    const out = join(work, 'a', 'b', 'out')
    await mkdir(out, { recursive: true })
    const names = new OutputNames(['report.json'])
    const written: string[] = []
    for (const output of hostile.outputs) {
      const bytes = strToU8(output.text)
      written.push(await writeInside(out, names.claim(outputStem(output.nodeId, output.port), sniffExtension(bytes)), bytes))
    }
    expect(written.map((name) => name.slice(name.lastIndexOf('.') + 1))).toEqual(hostile.extensions)
    expect((await readdir(out)).sort()).toEqual([...written].sort())
    for (const [i, name] of written.entries()) expect(await readFile(join(out, name), 'utf8')).toBe(hostile.outputs[i]?.text)
    // Nothing anywhere else under the work folder: only the folders leading to --out.
    expect(await readdir(work)).toEqual(['a'])
    expect(await readdir(join(work, 'a'))).toEqual(['b'])
    expect(await readdir(join(work, 'a', 'b'))).toEqual(['out'])
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

describe('hostile inputs', () => {
  it('has a case in every file of the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15)
  })

  it.each(cases)('$name', async ({ hostile }) => {
    if (hostile.kind === 'document') await runDocument(hostile)
    else if (hostile.kind === 'paste') {
      const into = editor()
      expectOutcome(await paste(into, build(hostile.text)), hostile.expect, 'a paste')
      await expectNothingKept(into)
    } else if (hostile.kind === 'link') {
      const fragment = hostile.fragment !== undefined ? build(hostile.fragment) : linkFor(build(hostile.deflate ?? ''))
      const shared = readShareFragment(fragment, registry)
      if (!shared) throw new Error('the link was not read as a share link')
      expectOutcome({ ok: shared.ok, text: shared.ok ? '' : messages(shared.issues) }, hostile.expect, 'the share link')
      const into = editor()
      into.store.getState().receiveSharedPipeline(shared)
      await expectNothingKept(into)
    } else if (hostile.kind === 'bundle') await runBundle(hostile)
    else await runOutputs(hostile)
  })
})
