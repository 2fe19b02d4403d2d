import { memo, useMemo } from 'react'
import type { MiniMapNodeProps } from '@xyflow/react'
import { OVERVIEW_BOUNDS_ID } from '../state/flow-view'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { createOverviewSceneReader, type Box } from './overview-scene'

/**
 * A node on the minimap, drawn as React Flow draws one; for the overview's bounds (zoomed out
 * far, where every node is hidden) the whole pipeline instead, one path a colour.
 */
export const MinimapNode = memo(function MinimapNode({ id, x, y, width, height, borderRadius, className, color, shapeRendering, strokeColor, strokeWidth, selected }: MiniMapNodeProps) {
  if (id === OVERVIEW_BOUNDS_ID) return <MinimapOverview />
  return (
    <rect
      className={`react-flow__minimap-node${selected ? ' selected' : ''} ${className}`}
      x={x}
      y={y}
      rx={borderRadius}
      ry={borderRadius}
      width={width}
      height={height}
      style={{ fill: color, stroke: strokeColor, strokeWidth }}
      shapeRendering={shapeRendering}
    />
  )
})

const outline = ({ x, y, width, height }: Box) => `M${x} ${y}h${width}v${height}h${-width}z`

function MinimapOverview() {
  const { registry } = useEditorContext()
  const sceneOf = useMemo(() => createOverviewSceneReader(registry), [registry])
  const doc = useEditorStore((state) => state.levelDoc)
  const sizes = useEditorStore((state) => state.sizes)
  const { nodes, notes } = sceneOf(doc, sizes)
  const byCategory = new Map<string, string[]>()
  for (const node of nodes) {
    const outlines = byCategory.get(node.category) ?? []
    outlines.push(outline(node.box))
    byCategory.set(node.category, outlines)
  }
  return (
    <g className="react-flow__minimap-node">
      {[...byCategory].map(([category, outlines]) => (
        <path key={category} d={outlines.join('')} style={{ fill: `var(--minimap-${category})` }} />
      ))}
      <path d={notes.map((note) => outline(note.box)).join('')} style={{ fill: 'var(--note-bg)' }} />
    </g>
  )
}
