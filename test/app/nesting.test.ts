import { deflateSync, strToU8, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { readBundle } from '../../src/document/bundle'
import { readShareFragment } from '../../src/document/share'
import { createEditorStore } from '../../src/editor/state/create-editor-store'
import { pasteText } from '../../src/editor/clipboard/fragment-clipboard'
import { isPipelineText } from '../../src/editor/dialogs/import-file'
import { MemoryAssetStore } from '../../src/engine'
import { MAX_JSON_DEPTH, parseBoundedJson, serializePipeline, type PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { registry } from '../engine/shipped-registry'
import { freshStorage } from '../storage/fixtures'

const opened: Storage[] = []
afterEach(() => {
  for (const storage of opened.splice(0)) storage.close()
})

const own: PipelineDoc = {
  format: 'reelgraph',
  version: 1,
  id: 'own',
  name: 'My own pipeline',
  description: '',
  nodes: [{ id: 'line', type: 'text', typeVersion: 1, position: { x: 0, y: 0 }, params: { text: 'hello' } }],
  edges: [],
}

/** A document whose text param hides 5,000 arrays inside each other: about 250 characters once deflated. */
function deepDocumentText(): string {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
  return serializePipeline({ ...own, id: 'deep', name: 'Deep' }).replace('"text": "hello"', `"text": "hello", "deep": ${deep}`)
}

function linkFragment(text: string): string {
  return `#pipeline=${Buffer.from(deflateSync(strToU8(text), { level: 9 })).toString('base64url')}`
}

function storeWithOwnPipeline() {
  const storage = freshStorage()
  opened.push(storage)
  return { store: createEditorStore({ storage, registry }, own), storage }
}

const depthRefusal = expect.stringContaining(`more than ${MAX_JSON_DEPTH} levels deep`)

describe('nesting is bounded where JSON comes in', () => {
  it('counts brackets outside strings only, and reads what is within the bound', () => {
    expect(parseBoundedJson(`{"a": "${'['.repeat(500)}"}`)).toEqual({ ok: true, value: { a: '['.repeat(500) } })
    expect(parseBoundedJson(`{"a": "\\"${'['.repeat(500)}"}`)).toMatchObject({ ok: true })
    expect(parseBoundedJson('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toMatchObject({ ok: true })
    expect(parseBoundedJson('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toMatchObject({ ok: false, reason: 'too deep' })
  })

  it('refuses a short share link nesting 5,000 arrays, and the store takes the refusal with the own pipeline open', () => {
    const hash = linkFragment(deepDocumentText())
    expect(hash.length).toBeLessThan(1000)
    const shared = readShareFragment(hash, registry)
    expect(shared).toEqual({ ok: false, issues: [{ path: '(document)', message: depthRefusal }] })
    const { store } = storeWithOwnPipeline()
    if (shared) store.getState().receiveSharedPipeline(shared)
    expect(store.getState().doc.name).toBe('My own pipeline')
  })

  it('refuses the same document pasted as text or opened as a file, and keeps the open pipeline', async () => {
    const { store, storage } = storeWithOwnPipeline()
    const text = deepDocumentText()
    expect(isPipelineText(text)).toBe(true)
    const outcome = await store.getState().importPipeline(text)
    expect(outcome).toEqual({ ok: false, issues: [{ path: '(document)', message: depthRefusal }] })
    expect(store.getState().doc.id).toBe('own')
    expect(await storage.pipelines.list()).toHaveLength(0)

    pasteText({ store, storage, registry }, `{"nodes": ${'['.repeat(5000)}${']'.repeat(5000)}}`)
    expect(store.getState().notice?.message).toMatch(/^The clipboard text was not pasted: it nests arrays and objects more than 64 levels deep/)
    expect(store.getState().doc.nodes).toHaveLength(1)
  })

  it('refuses a bundle whose document or manifest nests too deep, before any asset is read', async () => {
    const manifest = JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: [] })
    const assets = new MemoryAssetStore()
    const deepDocument = zipSync({ 'manifest.json': strToU8(manifest), 'pipeline.json': strToU8(deepDocumentText()) })
    expect(await readBundle(new Blob([deepDocument as BlobPart]), { registry, assets })).toEqual({
      ok: false,
      issues: [{ path: 'pipeline.json: (document)', message: depthRefusal }],
    })
    const deepManifest = zipSync({
      'manifest.json': strToU8(manifest.replace('"assets":[]', `"assets":[], "x": ${'['.repeat(5000)}${']'.repeat(5000)}`)),
      'pipeline.json': strToU8(serializePipeline(own)),
    })
    expect(await readBundle(new Blob([deepManifest as BlobPart]), { registry, assets })).toEqual({
      ok: false,
      issues: [{ path: 'manifest.json', message: depthRefusal }],
    })
    expect(assets.blobs.size).toBe(0)
  })
})
