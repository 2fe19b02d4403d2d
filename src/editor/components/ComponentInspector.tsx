import { useId, useMemo, useState } from 'react'
import type { z } from 'zod'
import { componentDocument, serializePipeline, type ComponentDef, type PipelineDoc, type PipelineNode } from '../../graph'
import { download, fileNameFor } from '../actions/download'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { paramControl } from '../inspector/param-control'
import { ParamField } from '../inspector/ParamField'

/**
 * A component node's settings: the inputs its definition shows ("Component input" inside it), each
 * as the inner node's own field, set for this node alone; and the way in and out of the component.
 */
export function ComponentInspector({ node, component }: { node: PipelineNode; component: ComponentDef }) {
  const { registry } = useEditorContext()
  const setParam = useEditorStore((state) => state.setParam)
  const openComponent = useEditorStore((state) => state.openComponent)
  const unpackComponent = useEditorStore((state) => state.unpackComponent)
  const renameComponent = useEditorStore((state) => state.renameComponent)
  const saveComponent = useEditorStore((state) => state.saveComponent)
  const doc = useEditorStore((state) => state.doc)
  const [saved, setSaved] = useState(false)
  const nameId = useId()
  const fields = useMemo(
    () =>
      (component.exposed ?? []).flatMap((input) => {
        const inner = component.nodes.find((candidate) => candidate.id === input.node)
        const schema = inner && registry.get(inner.type)?.params.shape[input.param]
        if (!inner || !schema) return []
        return [{ input, inner, control: { ...paramControl(input.param, schema as z.ZodType), label: input.label } }]
      }),
    [component, registry],
  )
  return (
    <>
      {fields.length === 0 ? (
        <p className="inspector__hint">No inputs yet: open the component and tick “Component input” beside a setting to show it here.</p>
      ) : (
        <form className="inspector__params" aria-label="Component inputs" onSubmit={(event) => event.preventDefault()}>
          {fields.map(({ input, inner, control }) => (
            <ParamField key={input.label} control={control} value={node.params[input.label] ?? inner.params[input.param]} onChange={(value) => setParam(node.id, input.label, value)} />
          ))}
        </form>
      )}
      <section className="component-inspector__definition" aria-label="Component">
        <div className="field">
          <label htmlFor={nameId}>Component name (every node of it)</label>
          <input id={nameId} type="text" value={component.name} maxLength={200} onChange={(event) => renameComponent(component.id, event.target.value)} />
        </div>
        <PortNames component={component} side="inputs" />
        <PortNames component={component} side="outputs" />
      </section>
      <div className="inspector__actions">
        <button type="button" onClick={() => openComponent(node.id)}>
          Open component
        </button>
        <button type="button" onClick={() => unpackComponent(node.id)}>
          Unpack
        </button>
        <button type="button" onClick={() => void saveComponent(component.id, node.id).then(setSaved)}>
          Save to library
        </button>
        <button type="button" onClick={() => exportComponent(doc, component, node)}>
          Export component
        </button>
      </div>
      {saved && (
        <p className="inspector__hint" role="status">
          Saved: “{component.name}” is in the palette under Components, for any pipeline.
        </p>
      )}
    </>
  )
}

/** Downloads the component alone (with those nested in it) as a pipeline file, to import or place elsewhere. */
function exportComponent(doc: PipelineDoc, component: ComponentDef, node: PipelineNode): void {
  const file = componentDocument(doc, component.id, node)
  if (file) download(new Blob([serializePipeline(file)], { type: 'application/json' }), `${fileNameFor(component.name)}.reelgraph.json`)
}

/** The component's ports, each renamed where it is typed (on Enter or leaving the field). */
function PortNames({ component, side }: { component: ComponentDef; side: 'inputs' | 'outputs' }) {
  const renamePort = useEditorStore((state) => state.renameComponentPort)
  const ports = component[side]
  if (ports.length === 0) return null
  const title = side === 'inputs' ? 'Input' : 'Output'
  return (
    <fieldset className="component-inspector__ports">
      <legend>{title} ports</legend>
      {ports.map((port) => (
        <input
          key={port.name}
          type="text"
          defaultValue={port.name}
          maxLength={100}
          aria-label={`${title} port ${port.name}`}
          onBlur={(event) => {
            if (event.target.value !== port.name) renamePort(component.id, side, port.name, event.target.value)
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur()
          }}
        />
      ))}
    </fieldset>
  )
}
