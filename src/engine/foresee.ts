/*
 * The results a run will have, worked out before it as far as they can be: which items each step
 * runs for, their cache keys, and which are cached already. The same reach and key rules as the
 * executor's (`run.ts`: `#itemPaths`, `#prepare`, `#reach`), over what is known before the run:
 * cached results, and what pure nodes make from their params (docs/architecture.md, "The node
 * contract"). A key is known when every key it is made from is, even when the values are not (the
 * takes of a shot not generated yet still have keys, so their grade's key is known too).
 */
import { emptyRecord, isListType, ownValue } from '../graph'
import { cacheKey, outputKey, type InputKey } from './cache-key'
import type { AnyNodeDefinition, AssetAccess, RunContext } from './define-node'
import { itemKeys, itemValueKey, pathId } from './items'
import { resultParams } from './params'
import type { InputSource, Step } from './plan'
import { offlineAccess } from './remote'
import type { ResultStore } from './results'
import type { Outputs, Value } from './values'

/** One result of a step (its own, or one item's) as the run will have it. */
export interface ForeseenCell {
  /** The item's key in each list, outermost first; empty for a step that runs once. */
  path: readonly string[]
  /** Its cache key, when every key it is made from is known. */
  key?: string
  /** True when its result is in the cache: the run takes it from there. */
  cached: boolean
  /** Its outputs: cached, or made ahead by a pure node. */
  outputs?: Outputs
  /** Its input values as the run will give them; those not known before the run are undefined and named in `pending`. */
  inputs: Record<string, Value | undefined>
  pending: Set<string>
}

export interface ForeseeDeps {
  results: Pick<ResultStore, 'getMany'>
  assets: Pick<AssetAccess, 'get'>
}

/**
 * Each step's cells, in plan order. A step is missing when which items it runs for is not known
 * before the run (a list only the run makes), and so is everything that runs per item of it.
 */
export async function foreseeRun(steps: readonly Step[], deps: ForeseeDeps): Promise<Map<string, ForeseenCell[]>> {
  const foreseen = new Map<string, ForeseenCell[]>()
  // The steps whose keys the plan knows are looked up together, as the run does.
  const fixed = steps.filter((step) => !step.dynamic)
  const fixedHits = await deps.results.getMany(fixed.map((step) => step.cacheKey))
  const stored = new Map(fixed.map((step, i) => [step.cacheKey, fixedHits[i]]))
  for (const step of steps) {
    const paths = pathsOf(step, foreseen)
    if (!paths) continue
    const prepared = paths.map((path) => prepare(step, path, foreseen))
    const unread = [...new Set(prepared.flatMap((cell) => (cell.key !== undefined && !stored.has(cell.key) ? [cell.key] : [])))]
    const hits = await deps.results.getMany(unread)
    unread.forEach((key, i) => stored.set(key, hits[i]))
    const cells: ForeseenCell[] = []
    for (const cell of prepared) {
      const hit = cell.key === undefined ? undefined : stored.get(cell.key)
      if (hit) {
        cells.push({ ...cell, cached: true, outputs: hit })
        continue
      }
      const made = step.definition.pure && cell.pending.size === 0 ? await runPure(step.definition, step, cell.inputs, deps.assets) : undefined
      cells.push({ ...cell, cached: false, ...(made ? { outputs: made } : {}) })
    }
    foreseen.set(step.node.id, cells)
  }
  return foreseen
}

/** The items a step runs for (`run.ts`, `#itemPaths`), or undefined when only the run knows them. */
function pathsOf(step: Step, foreseen: ReadonlyMap<string, ForeseenCell[]>): (readonly string[])[] | undefined {
  if (step.depth === 0) return [[]]
  for (const name of Object.keys(step.definition.inputs)) {
    const source = ownValue(step.inputs, name)?.find((candidate) => candidate.depth === step.depth)
    if (source) return pathsFrom(source, foreseen.get(source.node))
  }
  return []
}

function pathsFrom(source: InputSource, cells: ForeseenCell[] | undefined): (readonly string[])[] | undefined {
  if (!cells) return undefined
  if (source.reach === 'whole') return cells.map((cell) => cell.path)
  if (source.reach === 'gather') {
    const outer = new Map<string, readonly string[]>()
    for (const cell of cells) {
      const path = cell.path.slice(0, source.depth)
      if (!outer.has(pathId(path))) outer.set(pathId(path), path)
    }
    return [...outer.values()]
  }
  const paths: (readonly string[])[] = []
  for (const cell of cells) {
    const elements = elementsOf(cell, source.port)
    if (!elements) return undefined
    for (const key of elements.keys()) paths.push([...cell.path, key])
  }
  return paths
}

/** The items of the list one cell gives on a port, by item key, when its outputs are known. */
function elementsOf(cell: ForeseenCell, port: string): Map<string, Value> | undefined {
  const value = cell.outputs && ownValue(cell.outputs, port)
  if (value === undefined) return undefined
  const list = Array.isArray(value) ? value : [value]
  const keys = itemKeys(list)
  return new Map(keys.map((key, i) => [key, list[i] as Value]))
}

/** One cell's inputs and key (`run.ts`, `#prepare`), each as far as it is known. */
function prepare(step: Step, path: readonly string[], foreseen: ReadonlyMap<string, ForeseenCell[]>): Omit<ForeseenCell, 'cached' | 'outputs'> {
  const inputs = emptyRecord<Value | undefined>()
  const inputKeys = emptyRecord<InputKey>()
  const pending = new Set<string>()
  let keysKnown = true
  for (const [name, spec] of Object.entries(step.definition.inputs)) {
    const sources = ownValue(step.inputs, name)
    if (!sources) {
      inputs[name] = undefined
      continue
    }
    const values: Value[] = []
    const keys: string[] = []
    let valuesKnown = true
    for (const source of sources) {
      const reached = reach(source, path, foreseen.get(source.node))
      if (reached.values) values.push(...reached.values)
      else valuesKnown = false
      if (reached.keys) keys.push(...reached.keys)
      else keysKnown = false
    }
    if (!valuesKnown) pending.add(name)
    if (isListType(spec.type)) {
      inputs[name] = valuesKnown ? values.flatMap((value) => (Array.isArray(value) ? value : [value])) : undefined
      inputKeys[name] = keys
    } else {
      inputs[name] = valuesKnown ? values[0] : undefined
      inputKeys[name] = keys[0] as string
    }
  }
  const cell = { path, inputs, pending }
  if (!step.dynamic) return { ...cell, key: step.cacheKey }
  if (!keysKnown) return cell
  return { ...cell, key: cacheKey({ type: step.node.type, typeVersion: step.definition.version, params: resultParams(step.definition, step.params), inputs: inputKeys }) }
}

/** The values and keys one source gives the cell at `path` (`run.ts`, `#reach`); either may be unknown. */
function reach(source: InputSource, path: readonly string[], cells: ForeseenCell[] | undefined): { values?: Value[]; keys?: string[] } {
  if (!cells) return {}
  if (source.reach === 'gather') {
    const prefix = pathId(path)
    const gathered = cells.filter((cell) => path.length === 0 || pathId(cell.path.slice(0, path.length)) === prefix)
    const outputs = gathered.map((cell) => cell.outputs)
    const keys = gathered.map((cell) => cell.key)
    return {
      ...(outputs.every((made) => made !== undefined) ? { values: outputs.map((made) => ownValue(made, source.port) as Value) } : {}),
      ...(keys.every((key) => key !== undefined) ? { keys: keys.map((key) => outputKey(key, source.port)) } : {}),
    }
  }
  const sourceDepth = source.reach === 'map' ? source.depth - 1 : source.depth
  const cell = cells.find((candidate) => pathId(candidate.path) === pathId(path.slice(0, sourceDepth)))
  if (!cell) return {}
  if (source.reach === 'whole') {
    return {
      ...(cell.outputs ? { values: [ownValue(cell.outputs, source.port) as Value] } : {}),
      ...(cell.key !== undefined ? { keys: [outputKey(cell.key, source.port)] } : {}),
    }
  }
  const element = elementsOf(cell, source.port)?.get(path[sourceDepth] as string)
  return element === undefined ? {} : { values: [element], keys: [itemValueKey(element)] }
}

/** A pure node's outputs, made by its own `run` with a context that can read media but not write or pay; undefined when it fails. */
async function runPure(definition: AnyNodeDefinition, step: Step, inputs: Record<string, Value | undefined>, assets: Pick<AssetAccess, 'get'>): Promise<Outputs | undefined> {
  const refuse = (what: string) => () => Promise.reject(new Error(`a pure node cannot ${what}`))
  const ctx: RunContext = {
    nodeId: step.node.id,
    signal: new AbortController().signal,
    progress: () => {},
    log: () => {},
    assets: { get: (ref) => assets.get(ref), put: refuse('store media'), pin: refuse('pin media') },
    memo: refuse('cache parts'),
    remote: offlineAccess(),
    spend: () => {
      throw new Error('a pure node cannot spend')
    },
  }
  try {
    return await definition.run({ inputs, params: step.params, ctx })
  } catch {
    return undefined
  }
}
