import { isAssetRef, type AssetRef } from '../engine'
import type { PipelineDoc } from '../graph'

/** A file a document's nodes hold (a plate, a LUT, a sound) whose bytes are not stored here. */
export interface AbsentMedia {
  hash: string
  /** The file's name as the sender chose it, else its kind and the start of its hash. */
  name: string
  /** The nodes that hold it, by id: a component node stands for the media its inner nodes hold. */
  nodes: string[]
}

/**
 * The media a document's params hold that this browser does not have. A share link carries the
 * document only, so each of its stills, clips and sounds is absent until the bundle that has them is
 * imported or the file is added again (README, "Sharing").
 */
export function absentMedia(doc: PipelineDoc, has: (hash: string) => Promise<boolean>): Promise<AbsentMedia[]> {
  return notStored([...mediaHeldByNodes(doc).values()], has)
}

/** Those of the held files that are not stored. */
export async function notStored(held: readonly AbsentMedia[], has: (hash: string) => Promise<boolean>): Promise<AbsentMedia[]> {
  const present = await Promise.all(held.map((file) => has(file.hash)))
  return held.filter((_, i) => !present[i])
}

/** Each file the document's nodes hold, once, with every node that holds it. */
export function mediaHeldByNodes(doc: PipelineDoc): Map<string, AbsentMedia> {
  const inner = new Map((doc.components ?? []).map((component) => [`component:${component.id}`, component.nodes.map((node) => node.params)]))
  const held = new Map<string, AbsentMedia>()
  for (const node of doc.nodes) {
    for (const ref of assetRefsIn([node.params, ...(inner.get(node.type) ?? [])])) {
      const entry = held.get(ref.hash) ?? { hash: ref.hash, name: nameOf(ref), nodes: [] }
      if (!entry.nodes.includes(node.id)) entry.nodes.push(node.id)
      held.set(ref.hash, entry)
    }
  }
  return held
}

function assetRefsIn(value: unknown): AssetRef[] {
  if (isAssetRef(value)) return [value]
  if (Array.isArray(value)) return value.flatMap(assetRefsIn)
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(assetRefsIn)
  return []
}

function nameOf(ref: AssetRef): string {
  return ref.meta.name ?? `${ref.kind} ${ref.hash.slice(0, 12)}`
}
