import { useMemo } from 'react'
import { createFlowViewSelector, type FlowView } from '../../app/store/flow-view'
import { useEditorContext } from '../../app/store/use-editor-context'
import { useEditorStore } from '../../app/store/use-editor-store'

/** React Flow's nodes and links, derived from the document. */
export function useFlowView(): FlowView {
  const { registry } = useEditorContext()
  const select = useMemo(() => createFlowViewSelector(registry), [registry])
  return useEditorStore(select)
}
