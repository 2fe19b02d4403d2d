import type { NodeCatalog, NodeShape, PipelineNode } from '../graph'
import type { AnyNodeDefinition } from './define-node'
import { parseParams } from './params'

type ParsedParams = ReturnType<typeof parseParams>

/** Every node type this build knows. Node types register once; a second with the same type throws. */
export class NodeRegistry implements NodeCatalog {
  readonly #definitions = new Map<string, AnyNodeDefinition>()
  readonly #shapes = new Map<string, NodeShape>()
  readonly #parsers = new Map<string, (params: Record<string, unknown>) => ParsedParams>()

  constructor(definitions: Iterable<AnyNodeDefinition> = []) {
    for (const definition of definitions) this.register(definition)
  }

  register(definition: AnyNodeDefinition): void {
    if (this.#definitions.has(definition.type)) {
      throw new Error(`node type "${definition.type}" is defined twice`)
    }
    this.#definitions.set(definition.type, definition)
    // Documents are immutable, so params that did not change are the same object: a canvas of
    // 1,000 nodes re-validated on every drag step checks each node's params once, not each time,
    // and the planner takes the params that validation parsed instead of parsing them again.
    const parsed = new WeakMap<Record<string, unknown>, ParsedParams>()
    const parse = (params: Record<string, unknown>): ParsedParams => {
      const known = parsed.get(params)
      if (known) return known
      const result = parseParams(definition.params, params)
      // One parse serves every run of an unchanged document, so nothing may change it in place.
      if (result.ok) deepFreeze(result.params)
      parsed.set(params, result)
      return result
    }
    this.#parsers.set(definition.type, parse)
    this.#shapes.set(definition.type, {
      version: definition.version,
      inputs: definition.inputs,
      outputs: definition.outputs,
      checkParams: (params) => {
        const result = parse(params)
        return result.ok ? [] : result.problems
      },
    })
  }

  /**
   * A node's params with its type's defaults filled in, or their problems; undefined for a type
   * not registered. Parsed once per params object (documents are immutable): don't change what it gives.
   */
  parseParams(type: string, params: Record<string, unknown>): ParsedParams | undefined {
    return this.#parsers.get(type)?.(params)
  }

  get(type: string): AnyNodeDefinition | undefined {
    return this.#definitions.get(type)
  }

  list(): AnyNodeDefinition[] {
    return [...this.#definitions.values()]
  }

  shape(type: string): NodeShape | undefined {
    return this.#shapes.get(type)
  }

  /** Brings a node's params up to its type's current version. Unknown types are left as they are. */
  upgrade(node: PipelineNode): PipelineNode {
    const definition = this.#definitions.get(node.type)
    if (!definition || node.typeVersion >= definition.version) return node
    let params = node.params
    for (let version = node.typeVersion; version < definition.version; version++) {
      const step = definition.migrations?.[version]
      if (!step) throw new Error(`"${node.type}" has no param migration from version ${version}`)
      params = step(params)
    }
    return { ...node, typeVersion: definition.version, params }
  }
}

/**
 * Builds the registry from the modules of `nodes/<type>/node.ts` (as `import.meta.glob` gives them),
 * checking that each folder's name is its type.
 */
export function registryFromModules(modules: Record<string, { default: AnyNodeDefinition }>): NodeRegistry {
  const registry = new NodeRegistry()
  for (const [path, module] of Object.entries(modules).sort(([a], [b]) => a.localeCompare(b))) {
    const folder = /\/nodes\/([^/]+)\/node\.ts$/.exec(path)?.[1]
    const definition = module.default
    if (!definition?.type) throw new Error(`${path} has no default export from defineNode()`)
    if (folder && folder !== definition.type) {
      throw new Error(`${path} defines "${definition.type}"; a node's folder is named for its type`)
    }
    registry.register(definition)
  }
  return registry
}

/** Freezes a JSON-like value and everything in it. */
function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object') return
  Object.freeze(value)
  for (const field of Object.values(value)) deepFreeze(field)
}
