import { useShallow } from 'zustand/react/shallow'
import { componentIdOf, type PipelineEdge, type PipelineNode } from '../../graph'
import { useEditorStore } from '../state/use-editor-store'
import { NodePorts } from './NodePorts'

/**
 * A node whose type this build does not know (from a newer Reelgraph, or a plug-in not installed).
 * It keeps its params and links; its ports are the ones its links use.
 */
export function MissingNodeView({ node }: { node: PipelineNode }) {
  const inputs = useEditorStore(useShallow((state) => portsUsed(state.levelDoc.edges, node.id, 'to')))
  const outputs = useEditorStore(useShallow((state) => portsUsed(state.levelDoc.edges, node.id, 'from')))
  const componentId = componentIdOf(node.type)
  return (
    <div className="node node--missing" data-node-id={node.id} data-node-type={node.type} data-status="missing">
      <header className="node__header">
        <span className="node__title">{node.label ?? node.type}</span>
        <span className="status status--missing">Missing</span>
      </header>
      <p className="node__message node__message--missing">{componentId === undefined ? `Missing node: ${node.type}` : `Missing component: ${componentId}`}</p>
      <NodePorts
        inputs={inputs.map((name) => ({ name, type: 'any' }))}
        outputs={outputs.map((name) => ({ name, type: 'any' }))}
      />
      <p className="node__placeholder">Its settings and links are kept; it cannot run in this version of Reelgraph.</p>
    </div>
  )
}

function portsUsed(edges: readonly PipelineEdge[], nodeId: string, side: 'from' | 'to'): string[] {
  return [...new Set(edges.filter((edge) => edge[side].node === nodeId).map((edge) => edge[side].port))]
}
