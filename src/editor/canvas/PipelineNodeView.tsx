import { memo } from 'react'
import type { NodeProps } from '@xyflow/react'
import type { AnyNodeDefinition } from '../../engine'
import type { PipelineFlowNode } from '../../app/store/flow-view'
import { useEditorContext } from '../../app/store/use-editor-context'
import { MissingNodeView } from './MissingNodeView'
import { NodePorts, type PortView } from './NodePorts'
import { NodeResult } from './NodeResult'
import { StatusBadge } from './StatusBadge'
import { useNodeRun } from './use-node-run'

/** The chrome every node type shares: title, ports, status, progress, problem and result. */
export const PipelineNodeView = memo(function PipelineNodeView({ id, data }: NodeProps<PipelineFlowNode>) {
  const { registry } = useEditorContext()
  const definition = registry.get(data.node.type)
  if (!definition) return <MissingNodeView node={data.node} />
  return <KnownNode id={id} type={data.node.type} label={data.node.label} definition={definition} />
})

function KnownNode({ id, type, label, definition }: { id: string; type: string; label?: string; definition: AnyNodeDefinition }) {
  const run = useNodeRun(id)
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
      <NodePorts inputs={portViews(definition.inputs)} outputs={portViews(definition.outputs)} />
      {status === 'running' && (
        <div className="node__progress" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((run?.progress ?? 0) * 100)}>
          <div className="node__progress-bar" style={{ transform: `scaleX(${run?.progress ?? 0})` }} />
        </div>
      )}
      {run?.message && <p className={`node__message node__message--${status}`}>{run.message}</p>}
      <NodeResult nodeId={id} definition={definition} run={run} />
    </div>
  )
}

function portViews(ports: AnyNodeDefinition['inputs']): PortView[] {
  return Object.entries(ports).map(([name, spec]) => ({ name, ...spec }))
}
