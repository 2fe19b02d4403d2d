import type { AnyNodeDefinition } from '../../engine'
import type { NodeRun } from '../state/node-run'

/**
 * What a node type's own panel (`nodes/<type>/panel.tsx`, default export) is given. The panel
 * takes the place of the default result view on the node's body; the shared chrome (title,
 * ports, status, progress, message) stays around it.
 */
export interface NodePanelProps {
  nodeId: string
  /** The node's params as the document holds them (defaults are not filled in). */
  params: Readonly<Record<string, unknown>>
  definition: AnyNodeDefinition
  /** The node's part of the last run, with its outputs; undefined before any run. */
  run: NodeRun | undefined
}
