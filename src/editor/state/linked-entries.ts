import type { Draft } from 'immer'
import { z } from 'zod'
import { describeParam, type AnyNodeDefinition, type NodeRegistry } from '../../engine'
import type { PipelineDoc } from '../../graph'

/** A list param kept at one entry per link into a list input (ParamUi `perLink`), such as a mix's `tracks`. */
interface LinkedList {
  param: string
  port: string
  /** A new link's entry: the item's defaults. */
  newEntry(): unknown
}

/**
 * After links were added or removed, gives every `perLink` param one entry per link, in link order:
 * a link that stays keeps its entry, a new one takes an entry no link had yet (a document written
 * by hand may list them ahead) or else the defaults, a removed one takes its entry with it. Done in
 * the same edit as the links, so one undo brings back both.
 */
export function keepEntriesInStep(draft: Draft<PipelineDoc>, before: PipelineDoc, registry: NodeRegistry): void {
  const linksBefore = linksByInput(before)
  const linksAfter = linksByInput(draft)
  for (const node of draft.nodes) {
    const definition = registry.get(node.type)
    if (!definition) continue
    for (const list of linkedLists(definition)) {
      const was = linksBefore.get(inputKey(node.id, list.port)) ?? []
      const is = linksAfter.get(inputKey(node.id, list.port)) ?? []
      if (was.length === is.length && was.every((id, index) => id === is[index])) continue
      const entries: unknown[] = Array.isArray(node.params[list.param]) ? (node.params[list.param] as unknown[]) : []
      const kept = new Map(was.flatMap((id, index) => (index < entries.length ? [[id, entries[index]] as const] : [])))
      const waiting = entries.slice(was.length)
      const next = is.map((id) => (kept.has(id) ? kept.get(id) : waiting.length > 0 ? waiting.shift() : list.newEntry()))
      node.params[list.param] = [...next, ...waiting]
    }
  }
}

/** Link ids into each input, in the document's order (the order a list input receives them). */
function linksByInput(doc: PipelineDoc): Map<string, string[]> {
  const links = new Map<string, string[]>()
  for (const edge of doc.edges) {
    const key = inputKey(edge.to.node, edge.to.port)
    const list = links.get(key)
    if (list) list.push(edge.id)
    else links.set(key, [edge.id])
  }
  return links
}

const inputKey = (node: string, port: string) => `${node}\u0000${port}`

const listsOfType = new WeakMap<AnyNodeDefinition, LinkedList[]>()

function linkedLists(definition: AnyNodeDefinition): LinkedList[] {
  let lists = listsOfType.get(definition)
  if (!lists) {
    lists = Object.entries(definition.params.shape).flatMap(([param, schema]) => {
      const { base, ui } = describeParam(schema as z.ZodType)
      if (ui.perLink === undefined || !(base instanceof z.ZodArray)) return []
      const item = base.element as z.ZodType
      return [{ param, port: ui.perLink, newEntry: () => item.safeParse({}).data ?? {} }]
    })
    listsOfType.set(definition, lists)
  }
  return lists
}
