import type { ComponentType } from 'react'
import type { NodePanelProps } from '../panel-kit'

/**
 * `nodes/<type>/panel.tsx` files, found at build time: a node type's own body on the canvas, and
 * (its `DockPanel` export) what the dock's preview shows of it instead of its result, larger.
 */
const modules = import.meta.glob<{ default: ComponentType<NodePanelProps>; DockPanel?: ComponentType<NodePanelProps> }>('../../../nodes/*/panel.tsx', { eager: true })

export const nodePanels: ReadonlyMap<string, ComponentType<NodePanelProps>> = new Map(
  Object.entries(modules).map(([path, module]) => [panelType(path), module.default]),
)

export const nodeDockPanels: ReadonlyMap<string, ComponentType<NodePanelProps>> = new Map(
  Object.entries(modules).flatMap(([path, module]) => (module.DockPanel ? [[panelType(path), module.DockPanel] as const] : [])),
)

function panelType(path: string): string {
  const folder = /\/nodes\/([^/]+)\/panel\.tsx$/.exec(path)?.[1]
  if (!folder) throw new Error(`${path} is not a node panel`)
  return folder
}
