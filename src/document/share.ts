import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate'
import { loadPipeline, type NodeRegistry } from '../engine'
import { pipelineDocSchema, serializePipeline, type DocIssue, type PipelineDoc } from '../graph'
import { base64Url, fromBase64Url } from '../providers/encoding'

/**
 * Share links: the document, deflated and base64url-encoded, in the URL fragment `#pipeline=…`.
 * A fragment never reaches a server, so the link works with none. Media does not travel in a link;
 * a pipeline with media travels as a bundle.
 */

const FRAGMENT_KEY = 'pipeline='
/** Links much longer than this break in chat apps and mail; past it the bundle is the way. */
export const MAX_SHARE_FRAGMENT_CHARS = 32 * 1024
/** 32 KB of deflate could unpack to ~32 MB; no shared recipe needs more than this. */
const MAX_SHARED_DOCUMENT_BYTES = 4 * 1024 * 1024

export type ShareLink = { ok: true; url: string } | { ok: false; message: string }

/** A link that opens this document; only the document's own fields travel (anything else is dropped). */
export function shareLinkFor(doc: PipelineDoc, appUrl: string): ShareLink {
  const known = pipelineDocSchema.parse(doc)
  const fragment = `${FRAGMENT_KEY}${base64Url(deflateSync(strToU8(serializePipeline(known)), { level: 9 }))}`
  if (fragment.length > MAX_SHARE_FRAGMENT_CHARS) {
    const kilobytes = Math.ceil(fragment.length / 1024)
    return {
      ok: false,
      message: `“${doc.name}” is too big for a link (${kilobytes} KB; a link carries at most ${MAX_SHARE_FRAGMENT_CHARS / 1024} KB). Use “Export bundle” and send the file instead.`,
    }
  }
  const url = new URL(appUrl)
  url.hash = fragment
  return { ok: true, url: url.href }
}

/** What a link holds, shown before anything is opened. */
export interface SharedSummary {
  name: string
  description: string
  nodeCount: number
  /** Each node type with how many nodes use it; `known` is false for a type this build lacks. */
  nodeTypes: { type: string; count: number; known: boolean }[]
}

export type SharedPipeline =
  | { ok: true; doc: PipelineDoc; issues: DocIssue[]; summary: SharedSummary }
  | { ok: false; issues: DocIssue[] }

/** Reads a URL fragment; undefined when it carries no pipeline. The document is untrusted and only read here. */
export function readShareFragment(hash: string, registry: NodeRegistry): SharedPipeline | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash
  if (!fragment.startsWith(FRAGMENT_KEY)) return undefined
  const encoded = fragment.slice(FRAGMENT_KEY.length)
  if (encoded.length > MAX_SHARE_FRAGMENT_CHARS) return refused(`the link is longer than ${MAX_SHARE_FRAGMENT_CHARS / 1024} KB; ask for a bundle instead`)
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return refused('the link was changed or cut: it holds characters a share link never has')
  let text: string
  try {
    text = strFromU8(inflateCapped(fromBase64Url(encoded)))
  } catch (error) {
    return refused(`the link was cut or changed and cannot be unpacked (${(error as Error).message})`)
  }
  const loaded = loadPipeline(text, registry)
  if (!loaded.ok) return loaded
  return { ok: true, doc: loaded.doc, issues: loaded.issues, summary: summaryOf(loaded.doc, registry) }
}

/**
 * Takes a shared pipeline out of the address bar, and the fragment with it, so a reload or a
 * bookmark does not offer it again.
 */
export function takeSharedPipelineFromAddress(registry: NodeRegistry): SharedPipeline | undefined {
  const hash = window.location.hash
  try {
    return readShareFragment(hash, registry)
  } finally {
    // Taken out even when reading it failed, so a reload does not meet it again.
    if (hash.replace(/^#/, '').startsWith(FRAGMENT_KEY)) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    }
  }
}

function summaryOf(doc: PipelineDoc, registry: NodeRegistry): SharedSummary {
  const counts = new Map<string, number>()
  for (const node of doc.nodes) counts.set(node.type, (counts.get(node.type) ?? 0) + 1)
  return {
    name: doc.name,
    description: doc.description,
    nodeCount: doc.nodes.length,
    nodeTypes: [...counts].map(([type, count]) => ({ type, count, known: registry.get(type) !== undefined })),
  }
}

function inflateCapped(packed: Uint8Array): Uint8Array {
  const pieces: Uint8Array[] = []
  let total = 0
  const inflate = new Inflate((piece) => {
    total += piece.length
    if (total > MAX_SHARED_DOCUMENT_BYTES) throw new Error(`it unpacks to more than ${MAX_SHARED_DOCUMENT_BYTES / (1024 * 1024)} MB`)
    pieces.push(piece)
  })
  // A kilobyte at a time, so one step unpacks at most about a megabyte before the cap is checked.
  for (let offset = 0; offset < packed.length; offset += 1024) inflate.push(packed.subarray(offset, offset + 1024))
  inflate.push(new Uint8Array(0), true)
  const out = new Uint8Array(total)
  let at = 0
  for (const piece of pieces) {
    out.set(piece, at)
    at += piece.length
  }
  return out
}

function refused(message: string): SharedPipeline {
  return { ok: false, issues: [{ path: '(link)', message }] }
}
