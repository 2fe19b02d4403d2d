import { isAssetRef, type AssetAccess, type AssetRef } from '../engine'
import { componentIdOf, type ComponentDef, type PipelineDoc } from '../graph'

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
  const components = new Map((doc.components ?? []).map((component) => [component.id, component]))
  const held = new Map<string, AbsentMedia>()
  for (const node of doc.nodes) {
    for (const ref of assetRefsIn([node.params, ...innerParams(node.type, components, new Set())])) {
      const entry = held.get(ref.hash) ?? { hash: ref.hash, name: nameOf(ref), nodes: [] }
      if (!entry.nodes.includes(node.id)) entry.nodes.push(node.id)
      held.set(ref.hash, entry)
    }
  }
  return held
}

/**
 * The params of the nodes inside a component node, through the components nested in it (a shot
 * inside a scene); `seen` stops at a component met again, which validation refuses anyway.
 */
function innerParams(type: string, components: ReadonlyMap<string, ComponentDef>, seen: Set<string>): unknown[] {
  const id = componentIdOf(type)
  const component = id === undefined || seen.has(id) ? undefined : components.get(id)
  if (!component) return []
  seen.add(component.id)
  return component.nodes.flatMap((inner) => [inner.params, ...innerParams(inner.type, components, seen)])
}

/** What a run says of a file the pipeline holds that is not stored here: it came without it, by a link. */
export function notHereMessage(file: Pick<AbsentMedia, 'name'>): string {
  return `“${file.name}” is not on this computer: the pipeline came without it (a link carries no media). Import the bundle that carries it, or add the file again.`
}

/**
 * The asset store as a run of `doc` reads it: a file the document's own params hold that is not
 * stored was never here (its inputs are pinned, never evicted), so its reader is told to bring it,
 * not to re-run the node that made it, which is the advice for a cached result (README, "Sharing").
 */
export function sayingWhatIsNotHere(assets: AssetAccess & { has(hash: string): Promise<boolean> }, doc: PipelineDoc): AssetAccess {
  const held = mediaHeldByNodes(doc)
  return {
    put: (data, info) => assets.put(data, info),
    pin: (ref) => assets.pin(ref),
    async get(ref, options) {
      try {
        return await assets.get(ref, options)
      } catch (error) {
        const file = held.get(ref.hash)
        if (file && !(await assets.has(ref.hash))) throw new Error(notHereMessage(file), { cause: error })
        throw error
      }
    },
  }
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
