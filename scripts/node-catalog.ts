/**
 * Every node type in nodes/, as `npm run reelgraph -- nodes --json` prints it: its ports and its
 * params as JSON Schema, so people can write pipelines by hand. Runs in Node (through tsx): the
 * node folders are found the way the app's `import.meta.glob` finds them.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { registryFromModules, resourcesFor, type AnyNodeDefinition, type PortSpec } from '../src/engine'

export interface PortDescription {
  name: string
  type: string
  optional: boolean
  label?: string
  /** For a list input: value types it gathers besides its own. */
  also?: readonly string[]
}

export interface NodeTypeDescription {
  type: string
  version: number
  title: string
  category: string
  description?: string
  inputs: PortDescription[]
  outputs: PortDescription[]
  resources: string[]
  /** The params as JSON Schema (the shape a document's `params` takes), with the inspector's hints. */
  params: Record<string, unknown>
}

export async function describeNodeTypes(nodesDir: string): Promise<NodeTypeDescription[]> {
  const folders = (await readdir(nodesDir, { withFileTypes: true })).filter((entry) => entry.isDirectory())
  const modules: Record<string, { default: AnyNodeDefinition }> = {}
  for (const folder of folders) {
    const path = join(nodesDir, folder.name, 'node.ts')
    modules[path] = (await import(pathToFileURL(path).href)) as { default: AnyNodeDefinition }
  }
  return registryFromModules(modules).list().map(describe)
}

function describe(definition: AnyNodeDefinition): NodeTypeDescription {
  return {
    type: definition.type,
    version: definition.version,
    title: definition.title,
    category: definition.category,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    inputs: ports(definition.inputs),
    outputs: ports(definition.outputs),
    // As a node with its default params and nothing linked takes them.
    resources: resourcesFor(definition, defaultParams(definition), {}),
    // A check JSON Schema cannot say (an asset's kind, say) becomes `{}` rather than failing the list.
    params: z.toJSONSchema(definition.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  }
}

function defaultParams(definition: AnyNodeDefinition): Record<string, unknown> {
  const parsed = definition.params.safeParse({})
  return parsed.success ? parsed.data : {}
}

function ports(specs: Record<string, PortSpec>): PortDescription[] {
  return Object.entries(specs).map(([name, spec]) => ({
    name,
    type: spec.type,
    optional: spec.optional === true,
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    ...(spec.also !== undefined ? { also: spec.also } : {}),
  }))
}
