import { useMemo } from 'react'
import { usableExposedParams, type AnyNodeDefinition } from '../../engine'
import { ownValue, type ExposedParam, type PipelineNode } from '../../graph'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { NodeResult } from '../canvas/NodeResult'
import { StatusBadge } from '../canvas/StatusBadge'
import { useNodeRun } from '../canvas/use-node-run'
import { paramControl } from '../inspector/param-control'
import { ParamField } from '../inspector/ParamField'
import './template-form.css'

/**
 * A template as a person uses it: its note, the inputs its author exposed, and what it makes.
 * Run is in the run bar above; the graph is one click away and never needed.
 */
export function TemplateForm() {
  const { registry } = useEditorContext()
  const doc = useEditorStore((state) => state.doc)
  const setMode = useEditorStore((state) => state.setMode)
  const inputs = useMemo(() => usableExposedParams(doc, registry), [doc, registry])
  const results = useMemo(() => {
    const readFrom = new Set(doc.edges.map((edge) => edge.from.node))
    return doc.nodes.filter((node) => !readFrom.has(node.id))
  }, [doc])

  return (
    <main className="template-form" aria-label="Template">
      <header className="template-form__header">
        <h2>{doc.name}</h2>
        {doc.description !== '' && <p className="template-form__note">{doc.description}</p>}
        <button type="button" onClick={() => setMode('graph')}>
          Open the graph
        </button>
      </header>
      <form className="template-form__inputs" aria-label="Template inputs" onSubmit={(event) => event.preventDefault()}>
        {inputs.length === 0 && <p className="template-form__hint">This pipeline has no template inputs: open the graph to set it up.</p>}
        {inputs.map((exposed) => (
          <ExposedField key={`${exposed.node}\u0000${exposed.param}`} exposed={exposed} />
        ))}
      </form>
      <section className="template-form__results" aria-label="Results">
        <h3>What it makes</h3>
        <p className="template-form__hint">Press Run above. Each result appears here; nothing already made is made again.</p>
        <ul>
          {results.map((node) => {
            const definition = registry.get(node.type)
            return definition ? <ResultRow key={node.id} node={node} definition={definition} /> : null
          })}
        </ul>
      </section>
    </main>
  )
}

function ExposedField({ exposed }: { exposed: ExposedParam }) {
  const { registry } = useEditorContext()
  const node = useEditorStore((state) => state.doc.nodes.find((candidate) => candidate.id === exposed.node))
  const setParam = useEditorStore((state) => state.setParam)
  const shape = node && registry.get(node.type)?.params.shape
  const schema = shape && ownValue(shape, exposed.param)
  const control = useMemo(() => (schema ? paramControl(exposed.param, schema) : undefined), [schema, exposed.param])
  if (!node || !control) return null
  return (
    <ParamField
      control={{ ...control, label: exposed.label.trim() || control.label }}
      value={node.params[exposed.param]}
      onChange={(value) => setParam(node.id, exposed.param, value)}
    />
  )
}

function ResultRow({ node, definition }: { node: PipelineNode; definition: AnyNodeDefinition }) {
  const run = useNodeRun(node.id)
  const status = run?.status ?? 'idle'
  return (
    <li className="template-form__result" data-result-of={node.id} data-status={status}>
      <header>
        <span>{node.label ?? definition.title}</span>
        <StatusBadge status={status} stale={run?.stale} />
      </header>
      {run?.message && <p className="template-form__message">{run.message}</p>}
      <NodeResult nodeId={node.id} definition={definition} run={run} />
    </li>
  )
}
