import { useMemo } from 'react'
import { componentIdOf, type PipelineDoc } from '../../graph'
import { useEditorContext } from '../state/use-editor-context'
import { overviewScene, type Box } from '../canvas/overview-scene'

/** Room around the pipeline, in flow units, so the outer nodes' borders are not cut. */
const MARGIN = 40
/** Nodes the gallery has never seen on a canvas are drawn at the size a new node takes. */
const UNMEASURED: Readonly<Record<string, never>> = {}
/** The header strip of a block, in flow units: the node's category colour, as on the minimap. */
const HEADER = 34

/**
 * A template's pipeline drawn from its document: each node a block in its category's colour where
 * it stands, each link a curve in its value's colour, frames and notes behind. Made from the document
 * itself, it is the template as it is now, whatever changes in it.
 */
export function PipelinePicture({ doc }: { doc: PipelineDoc }) {
  const { registry } = useEditorContext()
  const scene = useMemo(() => overviewScene(doc, UNMEASURED, registry), [doc, registry])
  const titles = useMemo(() => {
    const names = new Map((doc.components ?? []).map((component) => [`component:${component.id}`, component.name]))
    return new Map(doc.nodes.map((node) => [node.id, node.label ?? registry.get(node.type)?.title ?? names.get(node.type) ?? componentIdOf(node.type) ?? node.type]))
  }, [doc, registry])
  const ordered = [...doc.nodes].sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y)
  const description = `The pipeline, ${doc.nodes.length} ${doc.nodes.length === 1 ? 'node' : 'nodes'} from left to right: ${ordered.map((node) => titles.get(node.id)).join(', ')}`
  const bounds = boundsOf([...scene.nodes.map((node) => node.box), ...scene.groups.map((group) => group.box), ...scene.notes.map((note) => note.box)])
  return (
    <svg
      className="pipeline-picture"
      role="img"
      aria-label={description}
      viewBox={`${bounds.x - MARGIN} ${bounds.y - MARGIN} ${bounds.width + 2 * MARGIN} ${bounds.height + 2 * MARGIN}`}
      preserveAspectRatio="xMidYMid meet"
    >
      {scene.groups.map((group) => (
        <rect key={group.id} className="pipeline-picture__group" {...rectOf(group.box)} rx={16} />
      ))}
      {scene.notes.map((note) => (
        <rect key={note.id} className="pipeline-picture__note" {...rectOf(note.box)} rx={8} />
      ))}
      {scene.links.map((link, at) => {
        const bend = Math.max(60, Math.abs(link.to.x - link.from.x) / 2)
        return (
          <path
            key={at}
            className="pipeline-picture__link"
            style={{ stroke: `var(--port-${link.type}, var(--port-any))` }}
            d={`M${link.from.x} ${link.from.y}C${link.from.x + bend} ${link.from.y} ${link.to.x - bend} ${link.to.y} ${link.to.x} ${link.to.y}`}
          />
        )
      })}
      {scene.nodes.map((node) => (
        <g key={node.id} data-category={node.category}>
          <title>{titles.get(node.id)}</title>
          <rect className="pipeline-picture__node" {...rectOf(node.box)} rx={14} />
          <rect className="pipeline-picture__header" style={{ fill: `var(--minimap-${node.category})` }} x={node.box.x} y={node.box.y} width={node.box.width} height={HEADER} rx={14} />
        </g>
      ))}
    </svg>
  )
}

function rectOf(box: Box) {
  return { x: box.x, y: box.y, width: box.width, height: box.height }
}

function boundsOf(boxes: readonly Box[]): Box {
  if (boxes.length === 0) return { x: 0, y: 0, width: 240, height: 120 }
  const left = Math.min(...boxes.map((box) => box.x))
  const top = Math.min(...boxes.map((box) => box.y))
  const right = Math.max(...boxes.map((box) => box.x + box.width))
  const bottom = Math.max(...boxes.map((box) => box.y + box.height))
  return { x: left, y: top, width: right - left, height: bottom - top }
}
