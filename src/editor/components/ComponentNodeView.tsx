import type { ComponentDef, ExposedParam, NodeShape, PipelineNode } from '../../graph'
import { withComponents } from '../../graph'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { AbsentMediaNote } from '../canvas/AbsentMediaNote'
import { NodePorts, type PortView } from '../canvas/NodePorts'
import { StatusBadge } from '../canvas/StatusBadge'
import { useNodeRun } from '../canvas/use-node-run'
import { NodeLogLine } from '../log/NodeLogLine'
import './components.css'

/**
 * A component node: its definition's name, its ports (typed as the inner ports they stand for), its
 * inputs' values, and the progress of its inner nodes. Double-click (or "Open") edits the definition.
 */
export function ComponentNodeView({ node, component }: { node: PipelineNode; component: ComponentDef }) {
  const { registry } = useEditorContext()
  const components = useEditorStore((state) => state.doc.components)
  const openComponent = useEditorStore((state) => state.openComponent)
  const run = useNodeRun(node.id)
  const shape = withComponents(registry, components).shape(node.type)
  const status = run?.status ?? 'idle'
  const inputs = component.exposed ?? []
  return (
    <div className="node node--component" data-node-id={node.id} data-node-type={node.type} data-status={status} data-stale={run?.stale ? 'true' : undefined}>
      <header className="node__header">
        <span className="node__title">{node.label ?? component.name}</span>
        <StatusBadge status={status} stale={run?.stale} />
      </header>
      <p className="node__kind">
        Component · {component.nodes.length} nodes{node.label !== undefined && node.label !== component.name ? ` · ${component.name}` : ''}
      </p>
      <NodePorts inputs={portViews(shape, 'inputs', component.inputs)} outputs={portViews(shape, 'outputs', component.outputs)} />
      {inputs.length > 0 && (
        <dl className="component-node__inputs">
          {inputs.map((input) => (
            <div key={input.label}>
              <dt>{input.label}</dt>
              <dd>{shown(node.params[input.label] ?? innerValue(component, input))}</dd>
            </div>
          ))}
        </dl>
      )}
      {status === 'running' && (
        <div className="node__progress" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((run?.progress ?? 0) * 100)}>
          <div className="node__progress-bar" style={{ transform: `scaleX(${run?.progress ?? 0})` }} />
        </div>
      )}
      <NodeLogLine nodeId={node.id} message={run?.message} />
      {run?.message && <p className={`node__message node__message--${status}`}>{run.message}</p>}
      <AbsentMediaNote nodeId={node.id} />
      <button type="button" className="component-node__open nodrag" onClick={() => openComponent(node.id)}>
        Open
      </button>
    </div>
  )
}

function portViews(shape: NodeShape | undefined, side: 'inputs' | 'outputs', ports: readonly { name: string }[]): PortView[] {
  return ports.map((port) => ({ name: port.name, type: shape?.[side][port.name]?.type ?? 'any', ...(shape?.[side][port.name]?.optional ? { optional: true } : {}) }))
}

function innerValue(component: ComponentDef, input: ExposedParam): unknown {
  return component.nodes.find((inner) => inner.id === input.node)?.params[input.param]
}

function shown(value: unknown): string {
  if (value === undefined) return '—'
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}
