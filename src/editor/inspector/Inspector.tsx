import { Fragment, useId, useMemo } from 'react'
import type { AnyNodeDefinition } from '../../engine'
import { componentIdOf, type PipelineNode } from '../../graph'
import { ComponentInspector } from '../components/ComponentInspector'
import { singleSelectedNode } from '../state/selection-slice'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { useLinkedSourceNames } from '../canvas/use-linked-sources'
import { ListField } from './ListField'
import { ExposeControl } from './ExposeControl'
import { ItemsSection } from './ItemsSection'
import { NodeIssues } from './NodeIssues'
import { paramControl, type ParamControl } from './param-control'
import { ParamField } from './ParamField'
import { PipelinePanel } from './PipelinePanel'
import { useNodeIssues } from './use-node-issues'

/** The selected node's settings, built from its params schema; the pipeline's when nothing is selected. */
export function Inspector() {
  const selectedId = useEditorStore((state) => singleSelectedNode(state.selection))
  const node = useEditorStore((state) => state.levelDoc.nodes.find((candidate) => candidate.id === selectedId))
  const selectedCount = useEditorStore((state) => state.selection.nodes.length)
  return (
    <aside className="inspector" aria-label="Inspector">
      {node ? <NodeInspector key={node.id} node={node} /> : selectedCount > 1 ? <p className="inspector__hint">{selectedCount} nodes selected.</p> : <PipelinePanel />}
    </aside>
  )
}

function NodeInspector({ node }: { node: PipelineNode }) {
  const { registry } = useEditorContext()
  const definition = registry.get(node.type)
  const issues = useNodeIssues(node.id)
  const componentId = componentIdOf(node.type)
  const component = useEditorStore((state) => (componentId === undefined ? undefined : state.doc.components?.find((candidate) => candidate.id === componentId)))
  if (component) {
    return (
      <>
        <header className="inspector__header">
          <h2>{node.label ?? component.name}</h2>
          <p className="inspector__kind">
            Component “{component.name}” · {component.nodes.length} nodes · <code>{node.id}</code>
          </p>
        </header>
        <LabelField node={node} placeholder={component.name} />
        <ComponentInspector node={node} component={component} />
        <NodeIssues issues={issues} />
      </>
    )
  }
  return (
    <>
      <header className="inspector__header">
        <h2>{node.label ?? definition?.title ?? node.type}</h2>
        <p className="inspector__kind">
          {definition ? definition.title : componentId !== undefined ? `Missing component: ${componentId}` : `Missing node: ${node.type}`} · <code>{node.id}</code>
        </p>
        {definition?.description && <p className="inspector__description">{definition.description}</p>}
      </header>
      <LabelField node={node} placeholder={definition?.title ?? node.type} />
      {definition ? <ParamsForm node={node} definition={definition} /> : <KeptParams node={node} />}
      {definition && <ItemsSection nodeId={node.id} definition={definition} />}
      <NodeIssues issues={issues} />
    </>
  )
}

function LabelField({ node, placeholder }: { node: PipelineNode; placeholder: string }) {
  const rename = useEditorStore((state) => state.renameNode)
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>Label</label>
      <input id={id} type="text" value={node.label ?? ''} placeholder={placeholder} maxLength={200} onChange={(event) => rename(node.id, event.target.value)} />
    </div>
  )
}

function ParamsForm({ node, definition }: { node: PipelineNode; definition: AnyNodeDefinition }) {
  const setParam = useEditorStore((state) => state.setParam)
  const controls = useMemo(
    () => Object.entries(definition.params.shape).map(([name, schema]) => paramControl(name, schema)),
    [definition],
  )
  if (controls.length === 0) return <p className="inspector__hint">Nothing to set: this node shows what reaches it.</p>
  return (
    <form className="inspector__params" aria-label="Settings" onSubmit={(event) => event.preventDefault()}>
      {controls.map((control) => (
        <Fragment key={control.name}>
          {control.kind === 'list' && control.ui.perLink !== undefined ? (
            <LinkedListField nodeId={node.id} control={control} value={node.params[control.name]} onChange={(value) => setParam(node.id, control.name, value)} />
          ) : (
            <ParamField control={control} value={node.params[control.name]} onChange={(value) => setParam(node.id, control.name, value)} />
          )}
          <ExposeControl nodeId={node.id} param={control.name} paramLabel={control.label} />
        </Fragment>
      ))}
    </form>
  )
}

/** A list with a row per link into one of the node's inputs, each row named for where its link comes from. */
function LinkedListField({
  nodeId,
  control,
  value,
  onChange,
}: {
  nodeId: string
  control: Extract<ParamControl, { kind: 'list' }>
  value: unknown
  onChange(value: unknown[]): void
}) {
  const names = useLinkedSourceNames(nodeId, control.ui.perLink ?? '')
  return <ListField control={control} value={value} onChange={onChange} linkedNames={names} />
}

/** A missing node's params cannot be edited here, but they are kept and shown. */
function KeptParams({ node }: { node: PipelineNode }) {
  return (
    <section className="inspector__kept">
      <h3>Kept settings</h3>
      <pre>{JSON.stringify(node.params, null, 2)}</pre>
    </section>
  )
}
