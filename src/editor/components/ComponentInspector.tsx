import { useMemo } from 'react'
import type { z } from 'zod'
import type { ComponentDef, PipelineNode } from '../../graph'
import { useEditorContext } from '../../app/store/use-editor-context'
import { useEditorStore } from '../../app/store/use-editor-store'
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
      <div className="inspector__actions">
        <button type="button" onClick={() => openComponent(node.id)}>
          Open component
        </button>
        <button type="button" onClick={() => unpackComponent(node.id)}>
          Unpack
        </button>
      </div>
    </>
  )
}
