/*
 * Which items each step runs for, and each item's inputs and cache key, from what is known of the
 * steps above it (docs/architecture.md, "The executor", 2). The one place these are worked out: by
 * the run as it reaches a step and ahead of it (keys read in one batch for a chain over a list, and
 * by a run that only reads the cache), and by the spend estimate before a run (`foresee.ts`).
 *
 * An item's key depends only on the keys reaching it, so it is known as soon as they are, even when
 * the values are not yet (the takes of a shot not generated yet still have keys). Only a list being
 * split into items needs its values: which items it has, and what each stands for in the keys below.
 */
import { emptyRecord, isListType, ownValue } from '../graph'
import { keyOfInputs, outputKey, type InputKey } from './cache-key'
import { itemKeys, itemLabel, itemValueKey, pathId } from './items'
import { paramsForItem, resultParams } from './params'
import type { InputSource, Step } from './plan'
import type { Outputs, Value } from './values'

/** One result of a step as far as it is known: a result, one only worked out ahead, or one that ended without outputs. */
export interface KnownCell {
  /** The item's key in each list, outermost first; empty for a step that runs once. */
  path: readonly string[]
  /** Its cache key, when known. */
  key?: string
  /** Its outputs, when known (cached, made, or made ahead by a pure node). */
  outputs?: Outputs
  /** How it ended, once it has: one that ended without outputs gives what reads it nothing. */
  status?: 'done' | 'cached' | 'error' | 'skipped' | 'cancelled'
}

/** A step's cells as known so far, by node id; undefined when nothing is known of that step. */
export type KnownCells = (nodeId: string) => readonly KnownCell[] | undefined

/** One item of a step (or the step's one run), as far as it can be worked out. */
export interface StepCell {
  path: readonly string[]
  /** The params it runs with: the item's own (`forItem`) where the node keeps a choice per item. */
  params: Record<string, unknown>
  /** Its input values; those not known yet are undefined and named in `pending`. */
  inputs: Record<string, Value | undefined>
  /** The keys of its inputs: the base of its cache key and of `ctx.memo` keys. Complete when `key` is there. */
  inputKeys: Record<string, InputKey>
  pending: ReadonlySet<string>
  /** Its cache key, when every key it is made from is known. */
  key?: string
  /** Why it will not run: what should reach it ended without a result. It then has no key. */
  because?: string
}

export interface StepCellOptions {
  /** Item keys already worked out (by `pathId`): not hashed again. */
  keys?: ReadonlyMap<string, string>
  /** A node's name in a reason; its id when not given. */
  nameOf?: (nodeId: string) => string
}

const NOTHING_PENDING: ReadonlySet<string> = new Set()

/**
 * A step's cells, in item order: the items of the first input whose items go as deep as the step,
 * each with its inputs and key. Undefined when which items it runs for is not known yet (a list
 * above it whose values are not known).
 */
export function stepCells(step: Step, known: KnownCells, options: StepCellOptions = {}): StepCell[] | undefined {
  const paths = itemPaths(step, known)
  if (!paths) return undefined
  const nameOf = options.nameOf ?? ((nodeId: string) => nodeId)
  const reading = new Reading(known)
  // What every item shares is worked out once for the step: its inputs' sources, and (unless each
  // item has params of its own) the part of the key its params make. A step the plan keyed whole
  // keeps the plan's key, so its params are not written out again.
  const ports = Object.entries(step.definition.inputs).map(([name, spec]) => ({ name, list: isListType(spec.type), sources: ownValue(step.inputs, name) }))
  const { definition } = step
  const sharedKey = !step.dynamic || definition.forItem ? undefined : keyOfInputs(step.node.type, definition.version, resultParams(definition, step.params))
  return paths.map((path) => {
    const params = paramsForItem(definition, step.params, path)
    const inputs = emptyRecord<Value | undefined>()
    const inputKeys = emptyRecord<InputKey>()
    let pending: Set<string> | undefined
    let keysKnown = true
    let because: string | undefined
    for (const { name, list, sources } of ports) {
      if (!sources) {
        inputs[name] = undefined
        continue
      }
      // Most inputs have one source giving one value: taken as it comes.
      const only = sources.length === 1 ? reading.reach(sources[0] as InputSource, path, nameOf) : undefined
      const reached = only ?? gathered(sources.map((source) => reading.reach(source, path, nameOf)))
      if (reached.because !== undefined) because ??= reached.because
      if (!reached.keys) keysKnown = false
      if (!reached.values) (pending ??= new Set()).add(name)
      if (list) {
        inputs[name] = reached.values?.flatMap((value) => (Array.isArray(value) ? value : [value]))
        inputKeys[name] = reached.keys ?? []
      } else {
        inputs[name] = reached.values?.[0]
        inputKeys[name] = reached.keys?.[0] as string
      }
    }
    const key = because !== undefined || !keysKnown ? undefined : !step.dynamic ? step.cacheKey : (options.keys?.get(pathId(path)) ?? (sharedKey ?? keyOfInputs(step.node.type, definition.version, resultParams(definition, params)))(inputKeys))
    return { path, params, inputs, inputKeys, pending: pending ?? NOTHING_PENDING, ...(key !== undefined ? { key } : {}), ...(because !== undefined ? { because } : {}) }
  })
}

/** Several sources of one input, in link order: known when each is. */
function gathered(all: readonly Reached[]): Reached {
  const reached: Reached = {}
  if (all.every((one) => one.values)) reached.values = all.flatMap((one) => one.values as Value[])
  if (all.every((one) => one.keys)) reached.keys = all.flatMap((one) => one.keys as string[])
  const because = all.find((one) => one.because !== undefined)?.because
  if (because !== undefined) reached.because = because
  return reached
}

/**
 * The item keys of `steps` (in plan order) that follow from what is known: each step's cells are
 * worked out from the known ones and from those of the steps before it here, taken as going to
 * finish. A step whose items are not known yet is left out, and its cells are unknown to the steps
 * after it. Items that will not run, and those whose keys are not known, are left out.
 */
export function keysAhead(steps: readonly Step[], known: KnownCells): Map<string, StepCell[]> {
  const ahead = new Map<string, StepCell[]>()
  const knownSoFar: KnownCells = (nodeId) => ahead.get(nodeId) ?? known(nodeId)
  for (const step of steps) {
    const cells = stepCells(step, knownSoFar)
    if (cells) ahead.set(step.node.id, cells.filter((cell) => cell.key !== undefined))
  }
  return ahead
}

/** The items a step runs for, or undefined when a list they come from is not known yet. */
function itemPaths(step: Step, known: KnownCells): (readonly string[])[] | undefined {
  if (step.depth === 0) return [[]]
  for (const name of Object.keys(step.definition.inputs)) {
    const source = ownValue(step.inputs, name)?.find((candidate) => candidate.depth === step.depth)
    if (source) return pathsFrom(source, known(source.node))
  }
  return []
}

function pathsFrom(source: InputSource, cells: readonly KnownCell[] | undefined): (readonly string[])[] | undefined {
  if (!cells) return undefined
  if (source.reach === 'whole') return cells.map((cell) => cell.path)
  if (source.reach === 'gather') {
    // Each item's own items gather back into it: one path per distinct outer path, in order.
    const outer = new Map<string, readonly string[]>()
    for (const cell of cells) {
      const path = cell.path.slice(0, source.depth)
      if (!outer.has(pathId(path))) outer.set(pathId(path), path)
    }
    return [...outer.values()]
  }
  const paths: (readonly string[])[] = []
  for (const cell of cells) {
    const elements = cell.outputs && elementsOf(cell.outputs, source.port)
    if (elements) for (const key of elements.keys()) paths.push([...cell.path, key])
    // An item whose own list never came stands as one item that could not run.
    else if (cell.status !== undefined) paths.push(cell.path)
    else return undefined
  }
  return paths
}

/** One item of a list, and what it stands for in the keys below it (worked out once, when first asked). */
interface Element {
  value: Value
  valueKey?: string
}

/** A list's items by item key, per outputs and port: split once however many steps and items read it. */
const splitLists = new WeakMap<Outputs, Map<string, Map<string, Element>>>()

function elementsOf(outputs: Outputs, port: string): Map<string, Element> | undefined {
  const value = ownValue(outputs, port)
  if (value === undefined) return undefined
  let byPort = splitLists.get(outputs)
  if (!byPort) splitLists.set(outputs, (byPort = new Map()))
  let elements = byPort.get(port)
  if (!elements) {
    const list = Array.isArray(value) ? value : [value]
    const keys = itemKeys(list)
    elements = new Map(keys.map((key, i) => [key, { value: list[i] as Value }]))
    byPort.set(port, elements)
  }
  return elements
}

interface Reached {
  values?: Value[]
  keys?: string[]
  because?: string
}

/** Sources' cells for one step, each asked for and indexed by path once. */
class Reading {
  readonly #cells = new Map<string, readonly KnownCell[] | undefined>()
  readonly #byPath = new Map<string, ReadonlyMap<string, KnownCell>>()

  constructor(readonly known: KnownCells) {}

  #cellsOf(nodeId: string): readonly KnownCell[] | undefined {
    if (this.#cells.has(nodeId)) return this.#cells.get(nodeId)
    const cells = this.known(nodeId)
    this.#cells.set(nodeId, cells)
    return cells
  }

  /** The value(s) and key(s) one source gives the item at `path`, as far as each is known. */
  reach(source: InputSource, path: readonly string[], nameOf: (nodeId: string) => string): Reached {
    const cells = this.#cellsOf(source.node)
    if (!cells) return {}
    if (source.reach === 'gather') {
      const prefix = pathId(path)
      const gathered = path.length === 0 ? cells : cells.filter((cell) => pathId(cell.path.slice(0, path.length)) === prefix)
      const ended = gathered.find((cell) => !cell.outputs && cell.status !== undefined)
      if (ended) return { because: `item ${itemLabel(ended.path)} of "${nameOf(source.node)}" ${ended.status === 'error' ? 'failed' : 'did not run'}` }
      const reached: Reached = {}
      if (gathered.every((cell) => cell.outputs)) reached.values = gathered.map((cell) => ownValue(cell.outputs as Outputs, source.port) as Value)
      if (gathered.every((cell) => cell.key !== undefined)) reached.keys = gathered.map((cell) => outputKey(cell.key as string, source.port))
      return reached
    }
    const sourceDepth = source.reach === 'map' ? source.depth - 1 : source.depth
    const cell = this.#cellAt(source.node, cells, path.length === sourceDepth ? path : path.slice(0, sourceDepth))
    const name = () => nameOf(source.node)
    if (!cell) return { because: `"${name()}" has no item ${itemLabel(path)}` }
    if (!cell.outputs && cell.status !== undefined) return { because: `"${name()}" ${cell.status === 'error' ? 'failed' : 'did not run'} for item ${itemLabel(cell.path)}` }
    if (source.reach === 'whole') {
      return {
        ...(cell.outputs ? { values: [ownValue(cell.outputs, source.port) as Value] } : {}),
        ...(cell.key !== undefined ? { keys: [outputKey(cell.key, source.port)] } : {}),
      }
    }
    if (!cell.outputs) return {}
    const itemKey = path[sourceDepth] as string
    const element = elementsOf(cell.outputs, source.port)?.get(itemKey)
    if (element === undefined) return { because: `"${name()}" has no item ${itemLabel([...cell.path, itemKey])}` }
    element.valueKey ??= itemValueKey(element.value)
    return { values: [element.value], keys: [element.valueKey] }
  }

  #cellAt(nodeId: string, cells: readonly KnownCell[], path: readonly string[]): KnownCell | undefined {
    if (cells.length === 1 && path.length === 0) return cells[0]?.path.length === 0 ? cells[0] : undefined
    let byPath = this.#byPath.get(nodeId)
    if (!byPath) this.#byPath.set(nodeId, (byPath = new Map(cells.map((cell) => [pathId(cell.path), cell]))))
    return byPath.get(pathId(path))
  }
}
