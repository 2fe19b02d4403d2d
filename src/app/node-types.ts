import { registryFromModules, type AnyNodeDefinition } from '../engine'

/**
 * Every node type in this build: each `nodes/<type>/node.ts` is found here at build time, so adding
 * a node type is adding its folder. A duplicate type throws as the app starts.
 */
export const registry = registryFromModules(
  import.meta.glob<{ default: AnyNodeDefinition }>('../../nodes/*/node.ts', { eager: true }),
)
