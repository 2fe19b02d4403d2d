import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { assetsOfDocument, readBundle, writeBundle, type BundleReadResult } from '../../src/document/bundle'
import { createEditorStore } from '../../src/editor/state/create-editor-store'
import { hashBytes, type AssetRef } from '../../src/engine'
import { serializePipeline, type PipelineDoc, CURRENT_DOC_VERSION } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { registry } from '../engine/shipped-registry'
import { freshStorage } from '../storage/fixtures'

const badFixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/bad', name), 'utf8')

const opened: Storage[] = []
afterEach(() => {
  for (const storage of opened.splice(0)) storage.close()
})

function storage(): Storage {
  const fresh = freshStorage()
  opened.push(fresh)
  return fresh
}

/** A plate through a grade with a LUT; the plate's bytes hold the zip's own signatures, as real media can. */
async function gradedPlate(into: Storage): Promise<{ doc: PipelineDoc; plate: AssetRef; lut: AssetRef }> {
  const plateBytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 251)
  plateBytes.set([0x50, 0x4b, 0x03, 0x04, 0x50, 0x4b, 0x07, 0x08, 0x50, 0x4b, 0x01, 0x02], 1000)
  const plate = await into.assets.put(new Blob([plateBytes], { type: 'image/png' }), { kind: 'image', meta: { name: 'plate.png', width: 4, height: 4 } }, { pin: true })
  const lut = await into.assets.put(new Blob(['LUT_3D_SIZE 2\n'], { type: 'text/plain' }), { kind: 'lut', meta: { name: 'warm.cube' } }, { pin: true })
  const doc: PipelineDoc = {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: 'bundle-round-trip',
    name: 'Graded plate',
    description: 'A plate and a LUT',
    nodes: [
      { id: 'plate', type: 'image-input', typeVersion: 1, position: { x: 0, y: 0 }, label: 'Plate', params: { file: plate } },
      { id: 'grade', type: 'image-adjust', typeVersion: 1, position: { x: 300, y: 0 }, params: { exposure: 0.2 } },
      { id: 'look', type: 'color-grade', typeVersion: 2, position: { x: 600, y: 0 }, params: { lut } },
    ],
    edges: [{ id: 'e1', from: { node: 'plate', port: 'image' }, to: { node: 'grade', port: 'image' } }],
    groups: [{ id: 'g1', label: 'Look', nodes: ['grade'] }],
    exposed: [{ node: 'grade', param: 'exposure', label: 'Brightness' }],
  }
  return { doc, plate, lut }
}

function limitsFor(maxTotalBytes: number) {
  return { maxEntries: 100, maxTotalBytes, askAboveBytes: maxTotalBytes }
}

function zipOf(entries: Record<string, Uint8Array | string>): Blob {
  const files = Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, typeof data === 'string' ? strToU8(data) : data]))
  return new Blob([zipSync(files) as BlobPart])
}

/** Rewrites the directory entries of assets to claim `bytes` unpacked (10 unless said), as a hostile zip would. */
function understateSizes(zip: Uint8Array, bytes = 10): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  for (let at = 0; at + 46 <= zip.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + view.getUint16(at + 28, true)))
    if (name.startsWith('assets/')) view.setUint32(at + 24, bytes, true)
  }
}

/** Assets of `sizes` bytes (the bytes themselves differ by seed), bundled with a document that uses none of them. */
async function bundleOfSizes(sizes: number[]): Promise<{ zip: Uint8Array; refs: AssetRef[] }> {
  const blobs = sizes.map((size, seed) => new Uint8Array(size).fill(seed + 1))
  const refs = await Promise.all(blobs.map(async (bytes) => ({ kind: 'video' as const, hash: await hashBytes(bytes), mime: 'video/mp4', bytes: bytes.length, meta: {} })))
  const entries = Object.fromEntries(refs.map((ref, i) => [`assets/${ref.hash}`, blobs[i] ?? new Uint8Array()]))
  return { zip: new Uint8Array(await zipOf({ 'manifest.json': manifestOf(refs), 'pipeline.json': smallDoc, ...entries }).arrayBuffer()), refs }
}

function manifestOf(assets: AssetRef[] = []): string {
  return JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets })
}

const smallDoc = serializePipeline({
  format: 'reelgraph',
  version: CURRENT_DOC_VERSION,
  id: 'small',
  name: 'Small',
  description: '',
  nodes: [{ id: 'note', type: 'text', typeVersion: 1, position: { x: 0, y: 0 }, params: { text: 'hi' } }],
  edges: [],
})

function refused(result: BundleReadResult) {
  if (result.ok) throw new Error('expected the bundle to be refused')
  return result.issues
}

describe('bundles', () => {
  it('round-trips a document and its assets: deep-equal, same hashes, readable on a clean profile', async () => {
    const source = storage()
    const { doc, plate, lut } = await gradedPlate(source)
    expect(assetsOfDocument(doc).map((found) => found.path)).toEqual(['nodes[0].params.file', 'nodes[2].params.lut'])

    const bundle = await writeBundle(doc, source.assets)
    const clean = storage()
    const result = await readBundle(bundle, { registry, assets: clean.assets })
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.doc).toEqual(doc)
    expect(result.refusedEntries).toEqual([])
    expect(result.missingAssets).toEqual([])
    expect(result.assets.map((ref) => ref.hash)).toEqual([plate.hash, lut.hash])
    const copied = await clean.assets.get(plate.hash)
    expect(new Uint8Array(await copied.arrayBuffer())).toEqual(new Uint8Array(await (await source.assets.get(plate.hash)).arrayBuffer()))
    expect(copied.type).toBe('image/png')
  })

  it('lists entries that climb out or are not in the manifest, and reads nothing of them', async () => {
    const result = await readBundle(
      zipOf({
        'manifest.json': manifestOf(),
        'pipeline.json': smallDoc,
        '../../.bashrc': 'rm -rf ~',
        'assets/../../evil': 'x',
        '/etc/passwd': 'root',
        'C:/Windows/evil.dll': 'x',
        'notes.txt': 'hello',
      }),
      { registry, assets: storage().assets },
    )
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(Object.fromEntries(result.refusedEntries.map((issue) => [issue.path, issue.message]))).toEqual({
      '../../.bashrc': expect.stringContaining('climbs out'),
      'assets/../../evil': expect.stringContaining('climbs out'),
      '/etc/passwd': expect.stringContaining('absolute path'),
      'C:/Windows/evil.dll': expect.stringContaining('absolute path'),
      'notes.txt': expect.stringContaining('not listed in manifest.json'),
    })
  })

  it('refuses a zip bomb as soon as a cap is passed', async () => {
    const huge = new Uint8Array(64 * 1024 * 1024)
    const bomb = zipOf({ 'manifest.json': manifestOf(), 'pipeline.json': smallDoc, 'assets/zeros': huge })
    expect(bomb.size).toBeLessThan(200_000)
    const issues = refused(await readBundle(bomb, { registry, assets: storage().assets }, limitsFor(16 * 1024 * 1024)))
    expect(issues).toEqual([{ path: '(bundle)', message: expect.stringContaining('zip bomb') }])

    // A directory that understates the size passes the first check; the manifest does not agree with it.
    const zeros: AssetRef = { kind: 'video', hash: await hashBytes(huge), mime: 'video/mp4', bytes: huge.length, meta: {} }
    const understated = new Uint8Array(
      await zipOf({ 'manifest.json': manifestOf([zeros]), 'pipeline.json': smallDoc, [`assets/${zeros.hash}`]: huge }).arrayBuffer(),
    )
    understateSizes(understated)
    const stopped = refused(
      await readBundle(new Blob([understated]), { registry, assets: storage().assets }, limitsFor(16 * 1024 * 1024)),
    )
    expect(stopped).toEqual([{ path: `assets/${zeros.hash}`, message: `the zip says it holds 10 bytes; manifest.json says ${huge.length}. The bundle is damaged or was altered.` }])

    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`assets/${i}`, 'x']))
    const crowd = zipOf({ 'manifest.json': manifestOf(), 'pipeline.json': smallDoc, ...many })
    expect(refused(await readBundle(crowd, { registry, assets: storage().assets }, { ...limitsFor(1e9), maxEntries: 20 }))[0]?.message).toMatch(
      /holds 52 entries; a bundle holds at most 20/,
    )
  })

  it('refuses an asset whose directory size lies, before it is unpacked to the end', async () => {
    const source = storage()
    const { doc, plate } = await gradedPlate(source)
    const plateBytes = new Uint8Array(await (await source.assets.get(plate.hash)).arrayBuffer())
    // Listed as 10 bytes in the manifest while the zip says otherwise: refused before inflating.
    const manifestLying = zipOf({ 'manifest.json': manifestOf([{ ...plate, bytes: 10 }]), 'pipeline.json': serializePipeline(doc), [`assets/${plate.hash}`]: plateBytes })
    expect(refused(await readBundle(manifestLying, { registry, assets: storage().assets }))).toEqual([
      { path: `assets/${plate.hash}`, message: expect.stringContaining(`the zip says it holds ${plate.bytes} bytes; manifest.json says 10`) },
    ])
    // Both say 10 bytes: inflating past that stops the read, and nothing is stored.
    const bothLying = new Uint8Array(
      await zipOf({ 'manifest.json': manifestOf([{ ...plate, bytes: 10 }]), 'pipeline.json': serializePipeline(doc), [`assets/${plate.hash}`]: plateBytes }).arrayBuffer(),
    )
    understateSizes(bothLying)
    const clean = storage()
    expect(refused(await readBundle(new Blob([bothLying]), { registry, assets: clean.assets }))).toEqual([
      { path: `assets/${plate.hash}`, message: expect.stringContaining('more bytes than the bundle says') },
    ])
    expect(await clean.assets.has(plate.hash)).toBe(false)
  })

  it('refuses, before inflating anything, media past the room storage has, however small the zip', async () => {
    // The zip and its manifest agree on 1 GB for an asset whose entry is a few bytes: nothing is inflated to find out.
    const gigabyte = 1024 * 1024 * 1024
    const { refs } = await bundleOfSizes([100])
    const lyingManifest = new TextEncoder().encode(manifestOf(refs.map((ref) => ({ ...ref, bytes: gigabyte }))))
    const rebuilt = zipOf({ 'manifest.json': lyingManifest, 'pipeline.json': smallDoc, [`assets/${refs[0]?.hash}`]: new Uint8Array(100).fill(1) })
    const patched = new Uint8Array(await rebuilt.arrayBuffer())
    understateSizes(patched, gigabyte)
    expect(patched.length).toBeLessThan(2000)
    const clean = storage()
    const issues = refused(await readBundle(new Blob([patched]), { registry, assets: clean.assets, room: async () => 100 * 1024 * 1024 }))
    expect(issues).toEqual([
      { path: '(bundle)', message: "the bundle holds 1.0 GB of media; this browser's storage has room for 100 MB more. Free space in Storage (Ctrl+Shift+S) and open it again." },
    ])
    expect(await clean.db.assets.count()).toBe(0)
  })

  it('asks before pinning more media than the limit, unpacks nothing until then, and opens when allowed', async () => {
    const { zip, refs } = await bundleOfSizes([600_000, 500_000])
    const limits = { maxEntries: 100, maxTotalBytes: 10_000_000, askAboveBytes: 1_000_000 }
    const clean = storage()
    const asked = await readBundle(new Blob([zip as BlobPart]), { registry, assets: clean.assets }, limits)
    if (asked.ok) throw new Error('expected the bundle to wait for a yes')
    expect(asked.largeBundleBytes).toBe(1_100_000)
    expect(asked.issues).toEqual([{ path: '(bundle)', message: expect.stringMatching(/^the bundle holds 1\.0 MB of media, which would be kept in this browser/) }])
    expect(await clean.db.assets.count()).toBe(0)

    const allowed = await readBundle(new Blob([zip as BlobPart]), { registry, assets: clean.assets }, limits, { allowLarge: true })
    if (!allowed.ok) throw new Error(JSON.stringify(allowed.issues))
    expect(allowed.assets.map((ref) => ref.hash)).toEqual(refs.map((ref) => ref.hash))
  })

  it('imports through the editor: a bundle past 256 MB of media waits for a yes, with nothing unpacked or stored', async () => {
    const claimed = 300 * 1024 * 1024
    const { refs } = await bundleOfSizes([100])
    const ref = { ...refs[0], bytes: claimed } as AssetRef
    const zip = new Uint8Array(await zipOf({ 'manifest.json': manifestOf([ref]), 'pipeline.json': smallDoc, [`assets/${ref.hash}`]: new Uint8Array(100).fill(1) }).arrayBuffer())
    understateSizes(zip, claimed)
    const clean = storage()
    const store = createEditorStore({ storage: clean, registry }, { ...JSON.parse(smallDoc), id: 'already-open' })
    try {
      const asked = await store.getState().importBundle(new Blob([zip]))
      expect(asked).toMatchObject({ ok: false, largeBundleBytes: claimed })
      expect(await clean.db.assets.count()).toBe(0)
      expect(store.getState().doc.id).toBe('already-open')
      // Once allowed it is unpacked, and this one is then refused for holding less than it claims.
      const allowed = await store.getState().importBundle(new Blob([zip]), { allowLarge: true })
      expect(allowed).toEqual({ ok: false, issues: [{ path: `assets/${ref.hash}`, message: expect.stringContaining(`holds 100 bytes; manifest.json says ${claimed}`) }] })
    } finally {
      store.close()
    }
  })

  it('unpacks an asset larger than one Blob part whole and exact', async () => {
    const { zip, refs } = await bundleOfSizes([9 * 1024 * 1024 + 3])
    const clean = storage()
    const read = await readBundle(new Blob([zip as BlobPart]), { registry, assets: clean.assets }, limitsFor(100e6))
    if (!read.ok) throw new Error(JSON.stringify(read.issues))
    const stored = await clean.assets.get(refs[0]?.hash ?? '')
    expect(stored.size).toBe(9 * 1024 * 1024 + 3)
    expect(await hashBytes(stored)).toBe(refs[0]?.hash)
  })

  it('refuses an asset whose bytes do not match its hash, and keeps nothing pinned', async () => {
    const source = storage()
    const { doc, plate } = await gradedPlate(source)
    const altered = new Uint8Array(plate.bytes).fill(1)
    const clean = storage()
    const issues = refused(
      await readBundle(
        zipOf({ 'manifest.json': manifestOf([plate]), 'pipeline.json': serializePipeline(doc), [`assets/${plate.hash}`]: altered }),
        { registry, assets: clean.assets },
      ),
    )
    expect(issues).toEqual([{ path: `assets/${plate.hash}`, message: expect.stringContaining('damaged or was altered') }])
    expect(await clean.db.assets.where('pinned').equals(1).count()).toBe(0)
  })

  it('reports a missing asset and opens the rest', async () => {
    const source = storage()
    const { doc, lut } = await gradedPlate(source)
    const lutBytes = new Uint8Array(await (await source.assets.get(lut.hash)).arrayBuffer())
    const result = await readBundle(
      zipOf({ 'manifest.json': manifestOf([lut]), 'pipeline.json': serializePipeline(doc), [`assets/${lut.hash}`]: lutBytes }),
      { registry, assets: storage().assets },
    )
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.missingAssets).toEqual([{ path: 'nodes[0].params.file', message: expect.stringContaining('“plate.png”') }])
  })

  it.each([
    ['truncated.json', 'pipeline.json: (document)', /not valid JSON/],
    ['wrong-types.json', 'pipeline.json: name', /string/],
    ['future-version.json', 'pipeline.json: version', /format version 99/],
  ])('refuses a bundle whose document is %s, with the path', async (fixture, path, message) => {
    const issues = refused(
      await readBundle(zipOf({ 'manifest.json': manifestOf(), 'pipeline.json': badFixture(fixture) }), { registry, assets: storage().assets }),
    )
    expect(issues[0]).toMatchObject({ path })
    expect(issues[0]?.message).toMatch(message)
  })

  it('opens a document with a cycle or an unknown type, with each problem listed', async () => {
    const read = (fixture: string) =>
      readBundle(zipOf({ 'manifest.json': manifestOf(), 'pipeline.json': badFixture(fixture) }), { registry, assets: storage().assets })
    const cycle = await read('cycle.json')
    if (!cycle.ok) throw new Error(JSON.stringify(cycle.issues))
    expect(cycle.issues.some((issue) => issue.message.includes('part of a loop'))).toBe(true)
    const unknown = await read('unknown-type.json')
    if (!unknown.ok) throw new Error(JSON.stringify(unknown.issues))
    expect(unknown.issues).toContainEqual({ nodeId: 'warp', path: 'nodes[1].type', message: 'unknown node type "time-warp" (missing node)' })
    // The missing node keeps its params and links.
    expect(unknown.doc.nodes[1]?.params).toEqual({ speed: 2 })
    expect(unknown.doc.edges).toHaveLength(1)
  })

  it('refuses what is not a bundle, with a clear message', async () => {
    expect(refused(await readBundle(new Blob(['just text']), { registry, assets: storage().assets }))[0]?.message).toMatch(/not a zip file/)
    const cut = new Uint8Array(await zipOf({ 'manifest.json': manifestOf(), 'pipeline.json': smallDoc }).arrayBuffer()).slice(0, 100)
    expect(refused(await readBundle(new Blob([cut]), { registry, assets: storage().assets }))[0]?.message).toMatch(/cut short/)
    expect(refused(await readBundle(zipOf({ 'pipeline.json': smallDoc }), { registry, assets: storage().assets }))[0]).toMatchObject({
      path: 'manifest.json',
    })
    const future = JSON.stringify({ format: 'reelgraph-bundle', version: 2, assets: [] })
    expect(refused(await readBundle(zipOf({ 'manifest.json': future, 'pipeline.json': smallDoc }), { registry, assets: storage().assets }))[0]?.message).toMatch(
      /bundle is format version 2/,
    )
  })

  it('imports through the editor: a new pipeline with its assets pinned; a refused bundle changes nothing', async () => {
    const source = storage()
    const { doc, plate, lut } = await gradedPlate(source)
    const bundle = await writeBundle(doc, source.assets)
    const clean = storage()
    const store = createEditorStore({ storage: clean, registry }, { ...doc, id: 'already-open', nodes: [] })
    try {
      const before = store.getState().doc
      const refusedOutcome = await store.getState().importBundle(new Blob(['not a zip']))
      expect(refusedOutcome.ok).toBe(false)
      expect(store.getState().doc).toBe(before)

      const outcome = await store.getState().importBundle(bundle)
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
      expect(store.getState().doc).toEqual(doc)
      expect(outcome.missingNodeTypes).toEqual([])
      const pinned = await clean.db.assets.where('pinned').equals(1).primaryKeys()
      expect(pinned.sort()).toEqual([plate.hash, lut.hash].sort())
    } finally {
      store.close()
    }
  })
})
