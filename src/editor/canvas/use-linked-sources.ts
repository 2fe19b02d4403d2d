import { useShallow } from 'zustand/react/shallow'
import { isAssetRef } from '../../engine'
import type { PipelineNode } from '../../graph'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'

/**
 * The names of the nodes linked into one input, in link order (the order a list input receives
 * them): the node's label, else the name of the file it holds, else its type's title.
 */
export function useLinkedSourceNames(nodeId: string, port: string): string[] {
  const { registry } = useEditorContext()
  return useEditorStore(
    useShallow((state) =>
      state.levelDoc.edges
        .filter((edge) => edge.to.node === nodeId && edge.to.port === port)
        .map((edge) => {
          const source = state.levelDoc.nodes.find((candidate) => candidate.id === edge.from.node)
          return source ? nodeName(source, registry.get(source.type)?.title) : edge.from.node
        }),
    ),
  )
}

/**
 * The params of the nodes linked into one input, in link order: what a panel reads of its sources
 * before they have run (the shot's framing and length from a prompt node, say).
 */
export function useLinkedSourceParams(nodeId: string, port: string): Readonly<Record<string, unknown>>[] {
  return useEditorStore(
    useShallow((state) =>
      state.levelDoc.edges
        .filter((edge) => edge.to.node === nodeId && edge.to.port === port)
        .flatMap((edge): Readonly<Record<string, unknown>>[] => {
          const source = state.levelDoc.nodes.find((candidate) => candidate.id === edge.from.node)
          return source ? [source.params] : []
        }),
    ),
  )
}

function nodeName(node: PipelineNode, title: string | undefined): string {
  if (node.label) return node.label
  const file = Object.values(node.params).find(isAssetRef)
  return file?.meta.name ?? title ?? node.type
}
