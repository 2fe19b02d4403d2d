import { useEffect, useMemo, useRef, type RefObject } from 'react'
import { useStoreApi } from '@xyflow/react'
import type { PipelineDoc, Size } from '../../graph'
import type { EditorState } from '../state/editor-state'
import { useEditorContext } from '../state/use-editor-context'
import { useColorScheme, type ColorScheme } from '../theme/use-color-scheme'
import { drawOverview, readOverviewColours, type OverviewColours } from './overview-draw'
import { createOverviewSceneReader, type OverviewScene } from './overview-scene'
import { useOverviewPointer } from './use-overview-pointer'
import './pipeline-overview.css'

/** What a screen reader hears on the overview; the nodes themselves are reached through Ctrl+K and F. */
const OVERVIEW_LABEL =
  'Pipeline overview: zoomed out past reading, every node is drawn as a small block. Zoom in with the Zoom In button or the wheel, or press F to frame the selection, to work on nodes; press Ctrl+K to find one.'

/**
 * Below FAR_ZOOM the canvas is one picture instead of thousands of elements: every node, link,
 * frame and note painted on a <canvas> under React Flow's pane, which keeps panning and zooming.
 */
export function PipelineOverview() {
  const { registry } = useEditorContext()
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const sceneOf = useMemo(() => createOverviewSceneReader(registry), [registry])
  useOverviewDrawing(canvasRef, sceneOf, useColorScheme())
  useOverviewPointer(canvasRef, sceneOf)
  return <canvas ref={canvasRef} className="pipeline-overview" role="img" tabIndex={0} aria-label={OVERVIEW_LABEL} />
}

/** Whether a node's status changed: the overview shows no progress, so a run's ticks draw nothing. */
function statusChanged(runs: EditorState['nodeRuns'], previous: EditorState['nodeRuns']): boolean {
  if (runs === previous) return false
  for (const id in runs) if (runs[id] !== previous[id] && runs[id]?.status !== previous[id]?.status) return true
  for (const id in previous) if (!(id in runs)) return true
  return false
}

/**
 * Paints the overview once per frame at most, and only when the document, the selection, a node's
 * status, the viewport or the theme changed. The count of nodes on screen is left on the element
 * (`data-drawn-nodes`) for the canvas bench.
 */
function useOverviewDrawing(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  sceneOf: (doc: PipelineDoc, sizes: Readonly<Record<string, Size>>) => OverviewScene,
  colorScheme: ColorScheme,
): void {
  const { store } = useEditorContext()
  const flow = useStoreApi()
  useEffect(() => {
    const canvas = canvasRef.current
    const context = canvas?.getContext('2d')
    if (!canvas || !context) return
    // Read in the first frame, once the page shows the theme's variables.
    let colours: OverviewColours | undefined
    let frame = 0
    const draw = () => {
      frame = 0
      const { doc, sizes, selection, nodeRuns } = store.getState()
      const { transform, width, height } = flow.getState()
      const pixelRatio = window.devicePixelRatio || 1
      const pixelWidth = Math.round(width * pixelRatio)
      const pixelHeight = Math.round(height * pixelRatio)
      if (canvas.width !== pixelWidth) canvas.width = pixelWidth
      if (canvas.height !== pixelHeight) canvas.height = pixelHeight
      colours ??= readOverviewColours(canvas)
      const drawn = drawOverview(context, {
        scene: sceneOf(doc, sizes),
        transform,
        width,
        height,
        pixelRatio,
        selected: { nodes: new Set(selection.nodes), groups: new Set(selection.groups), notes: new Set(selection.notes) },
        statuses: nodeRuns,
        colours,
      })
      canvas.dataset.drawnNodes = String(drawn)
    }
    const redraw = () => {
      frame ||= requestAnimationFrame(draw)
    }
    const stopEditor = store.subscribe((state, previous) => {
      if (state.doc !== previous.doc || state.selection !== previous.selection || state.sizes !== previous.sizes || statusChanged(state.nodeRuns, previous.nodeRuns)) redraw()
    })
    const stopFlow = flow.subscribe((state, previous) => {
      if (state.transform !== previous.transform || state.width !== previous.width || state.height !== previous.height) redraw()
    })
    redraw()
    return () => {
      stopEditor()
      stopFlow()
      cancelAnimationFrame(frame)
    }
  }, [canvasRef, sceneOf, store, flow, colorScheme])
}
