import { useMemo, useState } from 'react'
import { createFlowViewSelector, type CanvasFlowNode, type FlowView } from '../../app/store/flow-view'
import { useEditorContext } from '../../app/store/use-editor-context'
import { useEditorStore } from '../../app/store/use-editor-store'
import { NEW_NODE_SIZE } from './free-spot'

/** No links for React Flow while the overview draws them. */
const NO_LINKS: FlowView['edges'] = []

/**
 * React Flow's nodes and links, derived from the document. Zoomed out `far`, the overview draws
 * them, so React Flow keeps every node hidden (no element of its own, yet still there for fitting
 * the view, framing and the palette's "go to") and gets no links.
 */
export function useFlowView(far: boolean): FlowView {
  const { registry } = useEditorContext()
  const select = useMemo(() => createFlowViewSelector(registry), [registry])
  const view = useEditorStore(select)
  // A node that did not change keeps its hidden copy, so React Flow skips it as it does the original.
  const [hiddenCopies] = useState(() => new WeakMap<CanvasFlowNode, CanvasFlowNode>())
  return useMemo(() => {
    if (!far) return view
    const nodes = view.nodes.map((node) => {
      let hidden = hiddenCopies.get(node)
      // A node never measured still needs a size for fitting the view to it.
      if (!hidden) hiddenCopies.set(node, (hidden = { ...node, hidden: true, measured: node.measured ?? NEW_NODE_SIZE }))
      return hidden
    })
    return { nodes, edges: NO_LINKS }
  }, [far, view, hiddenCopies])
}
