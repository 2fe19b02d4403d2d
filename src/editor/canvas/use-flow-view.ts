import { useMemo, useState } from 'react'
import { createFlowViewSelector, OVERVIEW_BOUNDS_ID, type CanvasFlowNode, type FlowView, type OverviewBoundsFlowNode } from '../state/flow-view'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { NEW_NODE_SIZE } from '../state/free-spot'

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
    const bounds = overviewBounds(nodes)
    return { nodes: bounds ? [...nodes, bounds] : nodes, edges: NO_LINKS }
  }, [far, view, hiddenCopies])
}

/** The overview's bounds as one shown node, for the minimap; it takes no pointer and no focus. */
function overviewBounds(nodes: readonly CanvasFlowNode[]): OverviewBoundsFlowNode | undefined {
  if (nodes.length === 0) return undefined
  let left = Infinity
  let top = Infinity
  let right = -Infinity
  let bottom = -Infinity
  for (const { position, measured } of nodes) {
    left = Math.min(left, position.x)
    top = Math.min(top, position.y)
    right = Math.max(right, position.x + (measured?.width ?? 0))
    bottom = Math.max(bottom, position.y + (measured?.height ?? 0))
  }
  const size = { width: right - left, height: bottom - top }
  return {
    id: OVERVIEW_BOUNDS_ID,
    type: 'overview-bounds',
    position: { x: left, y: top },
    ...size,
    measured: size,
    data: {},
    selectable: false,
    draggable: false,
    connectable: false,
    focusable: false,
    style: { pointerEvents: 'none' },
  }
}
