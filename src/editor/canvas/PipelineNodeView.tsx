import './node.css'
import { createElement, memo } from 'react'
import type { NodeProps } from '@xyflow/react'
import type { AnyNodeDefinition } from '../../engine'
import { componentIdOf, type PipelineNode } from '../../graph'
import { useEditorStore } from '../state/use-editor-store'
import { ComponentNodeView } from '../components/ComponentNodeView'
import type { PipelineFlowNode } from '../state/flow-view'
import { useEditorContext } from '../state/use-editor-context'
import { MissingNodeView } from './MissingNodeView'
import { nodePanels } from './node-panels'
import { NodePorts, type PortView } from './NodePorts'
import { ItemStrip } from './ItemStrip'
import { NodeResult } from './NodeResult'
import { PastRunMark } from '../run-history/PastRunMark'
import { NodeProgressLine } from '../run-bar/NodeProgressLine'
import { NodeLogLine } from '../log/NodeLogLine'
import { StatusBadge } from './StatusBadge'
import { useNodeRun } from './use-node-run'
import { AbsentMediaNote } from './AbsentMediaNote'

/**
 * The chrome every node type shares: title, ports, status, progress, its newest log line, problem, and the result, or
 * the node type's own panel when it has one.
 */
export const PipelineNodeView = memo(function PipelineNodeView({ id, data }: NodeProps<PipelineFlowNode>) {
  const { registry } = useEditorContext()
  const componentId = componentIdOf(data.node.type)
  const component = useEditorStore((state) => (componentId === undefined ? undefined : state.doc.components?.find((candidate) => candidate.id === componentId)))
  if (component) return <ComponentNodeView node={data.node} component={component} />
  const definition = registry.get(data.node.type)
  if (!definition) return <MissingNodeView node={data.node} />
  return <KnownNode id={id} node={data.node} definition={definition} />
})

function KnownNode({ id, node, definition }: { id: string; node: PipelineNode; definition: AnyNodeDefinition }) {
  const { type, label } = node
  const run = useNodeRun(id)
  // Looked up, not created: each type's panel is one component for the app's life.
  const panel = nodePanels.get(type)
  const status = run?.status ?? 'idle'
  return (
    <div
      className={`node node--${definition.category.toLowerCase()}`}
      data-node-id={id}
      data-node-type={type}
      data-status={status}
      data-stale={run?.stale ? 'true' : undefined}
    >
      <header className="node__header">
        <span className="node__title">{label ?? definition.title}</span>
        <StatusBadge status={status} stale={run?.stale} />
      </header>
      {label !== undefined && <p className="node__kind">{definition.title}</p>}
      <PastRunMark nodeId={id} />
      <NodePorts inputs={portViews(definition.inputs)} outputs={portViews(definition.outputs)} />
      {status === 'running' && (
        <div className="node__progress" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((run?.progress ?? 0) * 100)}>
          <div className="node__progress-bar" style={{ transform: `scaleX(${run?.progress ?? 0})` }} />
        </div>
      )}
      {status === 'running' && <NodeProgressLine nodeId={id} fraction={run?.progress ?? 0} doing={run?.doing} />}
      <NodeLogLine nodeId={id} message={run?.message} />
      {run?.items && <ItemStrip items={run.items} />}
      {run?.message && <p className={`node__message node__message--${status}`}>{run.message}</p>}
      <AbsentMediaNote nodeId={id} />
      {panel ? createElement(panel, { nodeId: id, params: node.params, definition, run }) : <NodeResult nodeId={id} definition={definition} run={run} />}
    </div>
  )
}

function portViews(ports: AnyNodeDefinition['inputs']): PortView[] {
  return Object.entries(ports).map(([name, spec]) => ({ name, ...spec }))
}
