import { useCallback } from 'react'
import type { PipelineDoc, PortRef } from '../../graph'
import type { NodeRegistry } from '../../engine'
import { linkTargets } from '../state/link-targets'
import { singleSelectedNode } from '../state/selection-slice'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { CommandPicker, type CommandSection } from '../command-picker/CommandPicker'
import { Modal } from '../dialogs/Modal'
import { matchesSearch } from '../palette/catalog'

/**
 * Linking without the mouse: the selected node's outputs, each with the inputs it may go into
 * (checked as the canvas checks a drawn link); Enter makes the link, one undo step like a drag.
 */
export function LinkFromDialog() {
  const { store, registry } = useEditorContext()
  const close = useEditorStore((state) => state.closeDialog)
  const doc = useEditorStore((state) => state.levelDoc)
  const nodeId = useEditorStore((state) => singleSelectedNode(state.selection))

  const sectionsFor = useCallback(
    (query: string): CommandSection[] => {
      if (!nodeId) return []
      return linkTargets(doc, registry, nodeId).map((output) => {
        const from = { node: nodeId, port: output.port }
        return {
          name: `From ${portName(doc, registry, from, 'outputs')}`,
          commands: output.targets
            .map((target) => ({ target, node: nodeName(doc, registry, target.to.node), port: portName(doc, registry, target.to, 'inputs') }))
            .filter(({ node, port }) => matchesSearch(query, [node, port]))
            .map(({ target, node, port }) => ({
              id: `${output.port}>${target.to.node}.${target.to.port}`,
              label: `${node} · ${port}`,
              ...(target.replaces
                ? { detail: `instead of ${nodeName(doc, registry, target.replaces.node)} · ${portName(doc, registry, target.replaces, 'outputs')}` }
                : {}),
              pick: () => {
                close()
                store.getState().connect({ from, to: target.to })
              },
            })),
        }
      })
    },
    [store, registry, doc, nodeId, close],
  )

  const name = nodeId ? nodeName(doc, registry, nodeId) : 'the selected node'
  return (
    <Modal title={`Link from ${name}`} onClose={close} className="command-picker-dialog">
      <CommandPicker
        label="Link to an input"
        placeholder="Type a node or a port to narrow the list"
        sectionsFor={sectionsFor}
        emptyMessage={(query) => (query ? `No input matching “${query}” takes what ${name} gives.` : `No input in the pipeline takes what ${name} gives.`)}
      />
    </Modal>
  )
}

function nodeName(doc: PipelineDoc, registry: NodeRegistry, nodeId: string): string {
  const node = doc.nodes.find((candidate) => candidate.id === nodeId)
  return node ? (node.label ?? registry.get(node.type)?.title ?? node.type) : nodeId
}

function portName(doc: PipelineDoc, registry: NodeRegistry, ref: PortRef, side: 'inputs' | 'outputs'): string {
  const type = doc.nodes.find((node) => node.id === ref.node)?.type
  return registry.get(type ?? '')?.[side][ref.port]?.label ?? ref.port
}
