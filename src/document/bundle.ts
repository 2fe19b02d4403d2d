import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import { z } from 'zod'
import { assetRefSchema, hashBytes, isAssetRef, loadPipeline, type AssetRef, type NodeRegistry } from '../engine'
import { formatPath, MAX_DOCUMENT_CHARS, parseBoundedJson, serializePipeline, type DocIssue, type PipelineDoc } from '../graph'
import type { AssetStore } from '../storage'
import { formatBytes } from '../storage/quota'
import { BlobParts, readZipDirectory, readZipEntry, ZipReadError, type ZipEntry } from './bundle-zip'

/**
 * A `.reelgraph.zip` bundle: a pipeline and the media it needs, to open on another machine with no
 * file from outside. Entries: `manifest.json` (what the bundle holds), `pipeline.json` (the
 * document, as an exported file) and `assets/<sha256>` (each asset's bytes, named by content hash).
 *
 * It lives in src/app, not src/storage: reading one needs the node registry (a bundle's document is
 * loaded as any imported document is) and the asset store, and only the app and the runner open one.
 */

export const BUNDLE_FORMAT = 'reelgraph-bundle'
/** The bundle format version this build writes. A change ships a migration and a bundle of the old version under test. */
export const BUNDLE_VERSION = 1
export const BUNDLE_EXTENSION = '.reelgraph.zip'

const MANIFEST_ENTRY = 'manifest.json'
const DOCUMENT_ENTRY = 'pipeline.json'
const ASSET_FOLDER = 'assets/'
/** A manifest lists assets, not media: far below this even with thousands of them. */
const MAX_MANIFEST_BYTES = 10 * 1024 * 1024

const MAX_BUNDLED_ASSETS = 10_000

export const bundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT, { error: `is not "${BUNDLE_FORMAT}": this zip is not a Reelgraph bundle` }),
  version: z.literal(BUNDLE_VERSION),
  assets: z.array(assetRefSchema).max(MAX_BUNDLED_ASSETS),
})
export type BundleManifest = z.infer<typeof bundleManifestSchema>

const manifestHeaderSchema = z.object({ version: z.number().int().min(1) })

/** What a bundle may unpack to, checked before anything is inflated and again as bytes arrive. */
export interface BundleLimits {
  maxEntries: number
  maxTotalBytes: number
  /** More media than this is pinned only when the person has said yes (`allowLarge`). */
  askAboveBytes: number
}

/**
 * Every asset a manifest may list, plus the manifest and the document; 4 GB unpacked at the very
 * most (less when storage has less room); past 256 MB of media the person is asked first.
 */
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxEntries: MAX_BUNDLED_ASSETS + 2,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  askAboveBytes: 256 * 1024 * 1024,
}

/** What reading a bundle may use besides the zip. */
export interface BundleServices {
  registry: NodeRegistry
  assets: Pick<AssetStore, 'put'>
  /** Bytes storage can still take (see `roomForMedia`); undefined when the browser cannot say. */
  room?: () => Promise<number | undefined>
}

/** Every asset the document's params refer to, once each, with the first place it is used. */
export function assetsOfDocument(doc: PipelineDoc): { ref: AssetRef; path: string }[] {
  const found = new Map<string, { ref: AssetRef; path: string }>()
  const visit = (value: unknown, path: PropertyKey[]) => {
    if (isAssetRef(value)) {
      if (!found.has(value.hash)) found.set(value.hash, { ref: value, path: formatPath(path) })
      return
    }
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i]))
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key])
    }
  }
  doc.nodes.forEach((node, i) => visit(node.params, ['nodes', i, 'params']))
  // A component's inner nodes carry media too (a plate inside a "Shot" component).
  doc.components?.forEach((component, c) => component.nodes.forEach((node, i) => visit(node.params, ['components', c, 'nodes', i, 'params'])))
  return [...found.values()]
}

/**
 * Writes the bundle as a stream of zip pieces, one asset read at a time; media is stored as it is
 * (it is compressed already), the JSON is deflated.
 */
async function* bundleChunks(doc: PipelineDoc, assets: Pick<AssetStore, 'get'>): AsyncGenerator<Uint8Array> {
  const refs = assetsOfDocument(doc).map((found) => found.ref)
  const manifest: BundleManifest = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, assets: refs }
  const ready: Uint8Array[] = []
  let failure: Error | null = null
  const zip = new Zip((error, chunk) => {
    if (error) failure = error
    else ready.push(chunk)
  })
  const drain = function* () {
    if (failure) throw failure
    yield* ready.splice(0)
  }
  for (const [name, text] of [
    [MANIFEST_ENTRY, `${JSON.stringify(manifest, null, 2)}\n`],
    [DOCUMENT_ENTRY, serializePipeline(doc)],
  ] as const) {
    const entry = new ZipDeflate(name, { level: 6 })
    zip.add(entry)
    entry.push(strToU8(text), true)
    yield* drain()
  }
  for (const ref of refs) {
    const blob = await assets.get(ref)
    const entry = new ZipPassThrough(`${ASSET_FOLDER}${ref.hash}`)
    zip.add(entry)
    const reader = blob.stream().getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      entry.push(value)
      yield* drain()
    }
    entry.push(new Uint8Array(0), true)
    yield* drain()
  }
  zip.end()
  yield* drain()
}

/** The whole bundle as a Blob, built from parts so the zip is never one more copy in memory. */
export async function writeBundle(doc: PipelineDoc, assets: Pick<AssetStore, 'get'>): Promise<Blob> {
  const parts = new BlobParts()
  for await (const chunk of bundleChunks(doc, assets)) parts.push(chunk)
  return parts.blob('application/zip')
}

export type BundleReadResult =
  | {
      ok: true
      doc: PipelineDoc
      /** What stands in the way of running: missing node types, bad params, graph problems. */
      issues: DocIssue[]
      /** Entries not read, each with why: a path that climbs out, one the manifest does not list. */
      refusedEntries: DocIssue[]
      /** Assets the document uses that the bundle does not carry. */
      missingAssets: DocIssue[]
      /** Nodes whose params could not be brought up to their type's version (also in `issues`). */
      notUpgraded: DocIssue[]
      /** The assets stored from the bundle; not pinned yet (see `readBundle`). */
      assets: AssetRef[]
    }
  | {
      ok: false
      issues: DocIssue[]
      /** Set when the bundle was refused only for its size: this much media, to open once the person agrees. */
      largeBundleBytes?: number
    }

/**
 * Reads an untrusted bundle. The zip directory is checked first (entry count, the sizes it claims),
 * then the manifest and the document. Before anything is inflated, each asset's size in the zip's
 * directory must be the one manifest.json gives, and their total must fit the limits and the room
 * storage has; more than `askAboveBytes` is refused with `largeBundleBytes` unless `allowLarge`.
 * Each asset is then unpacked into a Blob a few megabytes at a time, stopped the moment it passes
 * its stated size, and checked against its hash before it is stored. Assets are stored unpinned,
 * so a bundle refused half way leaves only bytes the cache may evict; the caller pins them once the
 * pipeline is in the library.
 */
export async function readBundle(
  zip: Blob,
  services: BundleServices,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
  options: { allowLarge?: boolean } = {},
): Promise<BundleReadResult> {
  try {
    return await unpackBundle(zip, services, limits, options.allowLarge === true)
  } catch (error) {
    if (error instanceof ZipReadError) return { ok: false, issues: [{ path: error.path, message: error.message }] }
    throw error
  }
}

async function unpackBundle(zip: Blob, services: BundleServices, limits: BundleLimits, allowLarge: boolean): Promise<BundleReadResult> {
  const entries = await readZipDirectory(zip, limits.maxEntries)
  const claimedBytes = entries.reduce((total, entry) => total + entry.declaredBytes, 0)
  if (claimedBytes > limits.maxTotalBytes) throw bombError(limits)

  let unpackedBytes = 0
  /** An entry's bytes, stopped the moment it passes `cap` (what the zip and the manifest say it holds) or the bundle passes its total. */
  const read = (entry: ZipEntry, cap: number) => {
    let entryBytes = 0
    return readZipEntry(zip, entry, (count) => {
      unpackedBytes += count
      entryBytes += count
      if (unpackedBytes > limits.maxTotalBytes) throw bombError(limits)
      if (entryBytes > cap) throw new ZipReadError(entry.name, 'the entry unpacks to more bytes than the bundle says it holds; it was refused')
    })
  }

  const refusedEntries: DocIssue[] = []
  const byName = new Map<string, ZipEntry>()
  for (const entry of entries) {
    const refusal = entryRefusal(entry.name)
    if (refusal === 'folder') continue
    if (refusal) refusedEntries.push({ path: entry.name, message: refusal })
    else if (byName.has(entry.name)) refusedEntries.push({ path: entry.name, message: 'appears twice in the zip; the first one is read' })
    else byName.set(entry.name, entry)
  }

  const manifestEntry = byName.get(MANIFEST_ENTRY)
  const documentEntry = byName.get(DOCUMENT_ENTRY)
  if (!manifestEntry) throw new ZipReadError(MANIFEST_ENTRY, 'the bundle has no manifest.json; this zip is not a Reelgraph bundle')
  if (!documentEntry) throw new ZipReadError(DOCUMENT_ENTRY, 'the bundle has no pipeline.json')
  const manifest = parseManifest(await (await read(manifestEntry, Math.min(manifestEntry.declaredBytes, MAX_MANIFEST_BYTES))).text())
  if (!manifest.ok) return manifest
  const loaded = loadPipeline(
    await (await read(documentEntry, Math.min(documentEntry.declaredBytes, MAX_DOCUMENT_CHARS))).text(),
    services.registry,
  )
  if (!loaded.ok) return { ok: false, issues: loaded.issues.map((issue) => ({ ...issue, path: `${DOCUMENT_ENTRY}: ${issue.path}` })) }

  const listed = new Set(manifest.manifest.assets.map((ref) => `${ASSET_FOLDER}${ref.hash}`))
  for (const name of byName.keys()) {
    if (name === MANIFEST_ENTRY || name === DOCUMENT_ENTRY || listed.has(name)) continue
    refusedEntries.push({ path: name, message: 'is not listed in manifest.json, so it was not read' })
  }

  // Sizes come from the zip's directory and must agree with the manifest before a byte is inflated.
  const toUnpack = new Map<string, { ref: AssetRef; entry: ZipEntry }>()
  for (const ref of manifest.manifest.assets) {
    const name = `${ASSET_FOLDER}${ref.hash}`
    const entry = byName.get(name)
    if (!entry || toUnpack.has(ref.hash)) continue
    if (entry.declaredBytes !== ref.bytes) {
      throw new ZipReadError(name, `the zip says it holds ${entry.declaredBytes} bytes; manifest.json says ${ref.bytes}. The bundle is damaged or was altered.`)
    }
    toUnpack.set(ref.hash, { ref, entry })
  }
  const mediaBytes = [...toUnpack.values()].reduce((total, { ref }) => total + ref.bytes, 0)
  if (mediaBytes > limits.maxTotalBytes) throw bombError(limits)
  const room = await services.room?.()
  if (room !== undefined && mediaBytes > room) {
    throw new ZipReadError(
      '(bundle)',
      `the bundle holds ${formatBytes(mediaBytes)} of media; this browser's storage has room for ${formatBytes(room)} more. Free space in Storage (Ctrl+Shift+S) and open it again.`,
    )
  }
  if (mediaBytes > limits.askAboveBytes && !allowLarge) {
    const message = `the bundle holds ${formatBytes(mediaBytes)} of media, which would be kept in this browser (pinned: the cache never clears it). Nothing was unpacked yet.`
    return { ok: false, issues: [{ path: '(bundle)', message }], largeBundleBytes: mediaBytes }
  }

  const stored: AssetRef[] = []
  const storedHashes = new Set<string>()
  for (const { ref, entry } of toUnpack.values()) {
    const name = entry.name
    const bytes = await read(entry, ref.bytes)
    if (bytes.size !== ref.bytes) {
      throw new ZipReadError(name, `holds ${bytes.size} bytes; manifest.json says ${ref.bytes}. The bundle is damaged or was altered.`)
    }
    const hash = await hashBytes(bytes)
    if (hash !== ref.hash) {
      throw new ZipReadError(name, `its bytes have the SHA-256 ${hash}, not the one in its name. The bundle is damaged or was altered.`)
    }
    stored.push(await services.assets.put(bytes.slice(0, bytes.size, ref.mime), { kind: ref.kind, mime: ref.mime, meta: ref.meta }))
    storedHashes.add(ref.hash)
  }

  const missingAssets = assetsOfDocument(loaded.doc)
    .filter(({ ref }) => !storedHashes.has(ref.hash))
    .map(({ ref, path }) => ({
      path,
      message: `the ${ref.kind} ${ref.meta.name ? `“${ref.meta.name}” ` : ''}(${ref.hash.slice(0, 12)}…) is not in the bundle; choose the file again`,
    }))
  return { ok: true, doc: loaded.doc, issues: loaded.issues, notUpgraded: loaded.notUpgraded, refusedEntries, missingAssets, assets: stored }
}

/** Why an entry is not read, `'folder'` for a plain folder entry, or undefined for one to read. */
function entryRefusal(name: string): string | 'folder' | undefined {
  const segments = name.split(/[\\/]/)
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path; a bundle only holds paths inside itself'
  if (segments.includes('..')) return 'climbs out of the bundle (“..”); it was not read'
  if (name.endsWith('/')) return 'folder'
  return undefined
}

function parseManifest(text: string): { ok: true; manifest: BundleManifest } | { ok: false; issues: DocIssue[] } {
  const read = parseBoundedJson(text)
  if (!read.ok) return { ok: false, issues: [{ path: MANIFEST_ENTRY, message: read.message }] }
  const raw = read.value
  const header = manifestHeaderSchema.safeParse(raw)
  if (header.success && header.data.version > BUNDLE_VERSION) {
    const message = `this bundle is format version ${header.data.version}; this Reelgraph reads up to version ${BUNDLE_VERSION}. Update Reelgraph to open it.`
    return { ok: false, issues: [{ path: `${MANIFEST_ENTRY}: version`, message }] }
  }
  const parsed = bundleManifestSchema.safeParse(raw)
  if (parsed.success) return { ok: true, manifest: parsed.data }
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({ path: `${MANIFEST_ENTRY}: ${formatPath(issue.path)}`, message: issue.message })),
  }
}

function bombError(limits: BundleLimits): ZipReadError {
  return new ZipReadError(
    '(bundle)',
    `the bundle unpacks to more than ${Math.round(limits.maxTotalBytes / (1024 * 1024))} MB; it was refused (a zip bomb, or far more media than a pipeline needs)`,
  )
}
