/**
 * The canvas benchmark's page side: the real editor over a 1,000-node, 1,200-link pipeline, with
 * frames counted from requestAnimationFrame. bench/canvas-run.ts drives it and prints the figures.
 */
import '@xyflow/react/dist/style.css'
import '../src/editor/theme.css'
import { createRoot } from 'react-dom/client'
import { registry as shippedRegistry } from '../src/app/node-types'
import { createEditorStore, type EditorStore } from '../src/editor/state/create-editor-store'
import { EditorProvider } from '../src/editor/state/EditorProvider'
import { Editor } from '../src/editor/Editor'
import { NEW_NODE_SIZE } from '../src/editor/state/free-spot'
import { NODE_HEADER_HEIGHT } from '../src/editor/canvas/overview-scene'
import { NodeRegistry } from '../src/engine'
import { openStorage } from '../src/storage'
import { benchPipeline, TICKERS, ticker, tickerSink } from './canvas-pipeline'
import { countFrames, stopCounting, type FrameFigures } from './frames'

export interface LoadFigures {
  nodes: number
  links: number
  /** Nodes on screen when the canvas settled. */
  visibleNodes: number
  /** From handing the document to the editor to the first frame with every visible node painted. */
  loadMs: number
}

export type { FrameFigures }

declare global {
  interface Window {
    reelgraphCanvasBench: {
      load(nodes: number, links: number): Promise<LoadFigures>
      startFrames(): void
      stopFrames(): FrameFigures
      runTickers(): Promise<FrameFigures>
      /** Where each pipeline node's header is on screen, from the document and the viewport: the overview draws nodes with no element of their own. */
      nodeHeaderCentres(): { x: number; y: number }[]
    }
  }
}

const registry = new NodeRegistry([...shippedRegistry.list(), ticker, tickerSink])
let store: EditorStore | undefined

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve))
}

/** The nodes React Flow, or zoomed out far the overview, has drawn, and whether each is shown (measured) yet. */
function drawnNodes(): { drawn: number; hidden: number } {
  const overview = document.querySelector<HTMLElement>('.pipeline-overview')?.dataset.drawnNodes
  if (overview !== undefined) return { drawn: Number(overview), hidden: 0 }
  const all = document.querySelectorAll<HTMLElement>('.react-flow__node-pipeline')
  let hidden = 0
  for (const element of all) if (element.style.visibility === 'hidden' || element.querySelector('.node') === null) hidden++
  return { drawn: all.length, hidden }
}

window.reelgraphCanvasBench = {
  async load(nodeCount, linkCount) {
    const doc = benchPipeline(nodeCount, linkCount)
    const storage = openStorage(`reelgraph-canvas-bench-${Date.now()}`)
    const container = document.getElementById('root') as HTMLElement
    container.style.height = '100vh'
    const started = performance.now()
    store = createEditorStore({ storage, registry }, doc)
    store.getState().showDocument(doc)
    createRoot(container).render(
      <EditorProvider value={{ store, storage, registry }}>
        <Editor />
      </EditorProvider>,
    )
    // Settled: the same nodes drawn for three frames running, every one of them shown.
    let settledAt: number | undefined
    let last = -1
    let steady = 0
    for (;;) {
      const frameTime = await nextFrame()
      const { drawn, hidden } = drawnNodes()
      if (drawn > 0 && hidden === 0 && drawn === last) {
        steady++
      } else {
        steady = 0
        settledAt = frameTime
      }
      last = drawn
      if (steady === 3) break
    }
    return { nodes: doc.nodes.length, links: doc.edges.length, visibleNodes: last, loadMs: (settledAt ?? performance.now()) - started }
  },

  nodeHeaderCentres() {
    if (!store) throw new Error('load the pipeline first')
    const viewport = document.querySelector('.react-flow__viewport')
    const flow = document.querySelector('.react-flow')?.getBoundingClientRect()
    if (!viewport || !flow) throw new Error('the canvas is not on screen')
    const { a: zoom, e: x, f: y } = new DOMMatrix(getComputedStyle(viewport).transform)
    const { doc, sizes } = store.getState()
    return doc.nodes.map((node) => ({
      x: flow.left + x + (node.position.x + (sizes[node.id]?.width ?? NEW_NODE_SIZE.width) / 2) * zoom,
      y: flow.top + y + (node.position.y + NODE_HEADER_HEIGHT / 2) * zoom,
    }))
  },

  startFrames: countFrames,
  stopFrames: stopCounting,

  async runTickers() {
    if (!store) throw new Error('load the pipeline first')
    // New seeds, so a second run is not taken from the cache of the first.
    const seed = Date.now()
    for (let i = 1; i <= TICKERS; i++) store.getState().setParam(`ticker-${i}`, 'seed', seed + i)
    await nextFrame()
    let events = 0
    const unsubscribe = store.subscribe((state, previous) => {
      for (let i = 1; i <= TICKERS; i++) {
        const id = `ticker-${i}`
        if (state.nodeRuns[id] !== previous.nodeRuns[id] && state.nodeRuns[id]?.status === 'running') events++
      }
    })
    countFrames()
    await store.getState().startRun('sink')
    const figures = stopCounting()
    unsubscribe()
    return { ...figures, events }
  },
}
