import { registryFromModules, type AnyNodeDefinition } from '../../src/engine'

/** The registry as the app builds it, from every nodes/<type>/node.ts. */
export const registry = registryFromModules(
  import.meta.glob<{ default: AnyNodeDefinition }>('../../nodes/*/node.ts', { eager: true }),
)
