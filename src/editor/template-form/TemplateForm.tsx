import { createElement, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { usableExposedParams, type AnyNodeDefinition, type NodeRegistry } from '../../engine'
import { ownValue, type ExposedParam, type PipelineDoc, type PipelineNode } from '../../graph'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import type { NodeRun } from '../state/node-run'
import { nodePanels } from '../canvas/node-panels'
import { StatusBadge } from '../canvas/StatusBadge'
import { useNodeRun } from '../canvas/use-node-run'
import { paramControl, type ParamControl } from '../inspector/param-control'
import { ParamField } from '../inspector/ParamField'
import { ResultPlayer } from './ResultPlayer'
import { simpleViewHint, type SimpleViewState } from './simple-view-hint'
import './template-form.css'

/** The node type whose takes the simple view offers to choose from (README, "Simple view"). */
const TAKE_PICKER = 'take-picker'

/** A result in one of these states is made and up to date (an edit since shows it idle again). */
const MADE = new Set(['done', 'cached'])

/** One template input with its control, and why the last run stopped on it, if it did. */
interface FormInput {
  exposed: ExposedParam
  node: PipelineNode
  control: ParamControl
  /** A file the pipeline starts from (its node takes no links in): without it nothing can run. */
  sourceFile: boolean
  empty: boolean
  problem?: string
}

/**
 * A template as a person uses it: its note, the inputs its author exposed, and what it makes.
 * Run is in the run bar above; the graph is one click away and never needed.
 */
export function TemplateForm() {
  const { registry } = useEditorContext()
  const doc = useEditorStore((state) => state.doc)
  const setMode = useEditorStore((state) => state.setMode)
  const running = useEditorStore((state) => state.currentRun.active)
  const fields = useMemo(() => formFields(doc, registry), [doc, registry])
  // Only the runs of the nodes behind the inputs: a progress tick elsewhere re-renders nothing here.
  const inputRuns = useEditorStore(useShallow((state) => fields.map((field) => state.nodeRuns[field.node.id])))
  const inputs = fields.map((field, at): FormInput => ({ ...field, problem: problemOf(field, inputRuns[at]) }))
  const results = useMemo(() => {
    const readFrom = new Set(doc.edges.map((edge) => edge.from.node))
    return doc.nodes.filter((node) => !readFrom.has(node.id))
  }, [doc])
  const pickers = doc.nodes.filter((node) => node.type === TAKE_PICKER)
  const takes = useEditorStore((state) => takesState(doc, pickers, state.nodeRuns))
  const failed = useEditorStore((state) => doc.nodes.some((node) => state.nodeRuns[node.id]?.status === 'error'))
  const resultsMade = useEditorStore((state) => results.length > 0 && results.every((node) => MADE.has(state.nodeRuns[node.id]?.status ?? 'idle')))
  const hint = simpleViewHint({
    running,
    filesToAdd: inputs.filter((input) => input.sourceFile && input.empty).map((input) => input.control.label),
    fieldsMarked: inputs.filter((input) => input.problem !== undefined).length,
    failed,
    resultsMade,
    takes,
  })

  return (
    <main className="template-form" aria-label="Template">
      <header className="template-form__header">
        <h2>{doc.name}</h2>
        {doc.description !== '' && <p className="template-form__note">{doc.description}</p>}
        <p className="template-form__next" role="status" aria-label="What to do next">
          {hint}
        </p>
        <button type="button" onClick={() => setMode('graph')}>
          Open the graph
        </button>
      </header>
      <form className="template-form__inputs" aria-label="Template inputs" onSubmit={(event) => event.preventDefault()}>
        {inputs.length === 0 && <p className="template-form__hint">This pipeline has no template inputs: open the graph to set it up.</p>}
        {inputs.map((input) => (
          <ExposedField key={`${input.exposed.node}\u0000${input.exposed.param}`} input={input} />
        ))}
      </form>
      <div className="template-form__outcome">
        {pickers.length > 0 && (
          <section className="template-form__takes" aria-label="Takes">
            <h3>Takes</h3>
            {pickers.map((picker) => (
              <PickerPanel key={picker.id} node={picker} />
            ))}
          </section>
        )}
        <section className="template-form__results" aria-label="Results">
          <h3>What it makes</h3>
          <ul>
            {results.map((node) => {
              const definition = registry.get(node.type)
              return definition ? <ResultRow key={node.id} node={node} definition={definition} /> : null
            })}
          </ul>
        </section>
      </div>
    </main>
  )
}

/** Whether takes are made for a picker, and whether one waits for its choice (README, "Simple view"). */
function takesState(doc: PipelineDoc, pickers: readonly PipelineNode[], runs: Readonly<Record<string, NodeRun>>): SimpleViewState['takes'] {
  const made = pickers.filter((picker) => doc.edges.some((edge) => edge.to.node === picker.id && runs[edge.from.node]?.outputs !== undefined))
  if (made.length === 0) return 'none'
  return made.some((picker) => runs[picker.id]?.status === 'error') ? 'to-choose' : 'chosen'
}

/** The template's inputs that can be shown: a node that is there, a param its type has. */
function formFields(doc: PipelineDoc, registry: NodeRegistry): Omit<FormInput, 'problem'>[] {
  return usableExposedParams(doc, registry).flatMap((exposed) => {
    const node = doc.nodes.find((candidate) => candidate.id === exposed.node)
    const definition = node && registry.get(node.type)
    const schema = definition && ownValue(definition.params.shape, exposed.param)
    if (!node || !definition || !schema) return []
    const control = paramControl(exposed.param, schema)
    const value = node.params[exposed.param]
    return [
      {
        exposed,
        node,
        control: { ...control, label: exposed.label.trim() || control.label },
        sourceFile: (control.kind === 'file' || control.kind === 'files') && Object.keys(definition.inputs).length === 0,
        empty: value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0),
      },
    ]
  })
}

/**
 * Why the last run stopped on this input: its node failed, or the plan was refused on it, with the
 * input empty, or with the input the file its node starts from. A run since, or an edit, clears it.
 */
function problemOf(field: Omit<FormInput, 'problem'>, run: NodeRun | undefined): string | undefined {
  // A message on an idle node is a refused plan's; on a finished one, a warning about its result.
  if (!run?.message || (run.status !== 'error' && run.status !== 'idle')) return undefined
  if (field.sourceFile && field.empty) return `The run needs ${field.control.kind === 'files' ? 'at least one file' : 'a file'} here: add it, then press Run.`
  if (field.sourceFile || field.empty) return run.message
  return undefined
}

function ExposedField({ input }: { input: FormInput }) {
  const setParam = useEditorStore((state) => state.setParam)
  const { node, exposed, control, problem } = input
  return (
    <div className={`template-form__field${problem ? ' template-form__field--problem' : ''}`} data-input={control.label} data-problem={problem ? 'true' : undefined}>
      <ParamField control={control} value={node.params[exposed.param]} onChange={(value) => setParam(node.id, exposed.param, value)} />
      {problem && (
        <p className="template-form__problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}

/** A picker's own take grid, where a take is chosen as on its node. */
function PickerPanel({ node }: { node: PipelineNode }) {
  const { registry } = useEditorContext()
  const run = useNodeRun(node.id)
  const panel = nodePanels.get(node.type)
  const definition = registry.get(node.type)
  if (!panel || !definition) return null
  return (
    <div className="template-form__picker" data-picker-of={node.id}>
      <h4>{node.label ?? definition.title}</h4>
      {createElement(panel, { nodeId: node.id, params: node.params, definition, run })}
    </div>
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
      <ResultPlayer nodeId={node.id} definition={definition} run={run} />
    </li>
  )
}
