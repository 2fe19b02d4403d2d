import './canvas.css'
import { useCallback, useEffect, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent, type RefObject } from 'react'
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react'
import type { AbsentMedia } from '../../document/absent-media'
import { firstClip, firstImage, firstSound } from '../../document/media-files'
import type { CanvasFlowNode, PipelineFlowEdge } from '../state/flow-view'
import { refusedLink, type Link } from '../state/link-check'
import { useEditorContext } from '../state/use-editor-context'
import { applyEdgeChanges, applyNodeChanges } from './canvas-changes'
import { openSearchPaletteAction } from '../actions/open-search-palette'
import { importFile, isPipelineFile } from '../dialogs/import-file'
import { CanvasNotice } from './CanvasNotice'
import { ComponentBreadcrumb } from '../components/ComponentBreadcrumb'
import { componentIdOf } from '../../graph'
import { fitsOnlyFarOut, isFarZoom } from './far-zoom'
import { nodeTypes } from './flow-node-types'
import { NODE_TYPE_DRAG } from './palette-drag'
import { MinimapNode } from './MinimapNode'
import { PipelineOverview } from './PipelineOverview'
import { placeClip, placeImage, placeSound } from './place-image'
import { useFlowView } from './use-flow-view'
import { useClipboardPaste } from './use-clipboard-paste'
import { useNewNodeSpot } from './use-new-node-spot'
import { useColorScheme } from '../theme/use-color-scheme'
import { useEditorStore } from '../state/use-editor-store'
import { AbsentMediaContext, useAbsentMedia } from './use-absent-media'
import { CanvasContextMenu, type MenuItem } from './CanvasContextMenu'
import { canvasMenuItems, linkMenuItems, nodeMenuItems } from './context-menus'

/** The node graph: React Flow over the document, with links checked by port type. */
export function Canvas() {
  const editor = useEditorContext()
  const { store, registry } = editor
  // A pipeline too large to read once fitted opens on the overview, so React Flow does not first
  // render every node in full to measure it.
  const [opensFar] = useState(() => fitsOnlyFarOut(store.getState().levelDoc, store.getState().sizes, window.innerWidth, window.innerHeight, FIT_OPTIONS.padding))
  const fitPending = useStore((state) => state.fitViewQueued)
  const far = useStore(isFarZoom) || (opensFar && fitPending)
  const { nodes, edges } = useFlowView(far)
  const { screenToFlowPosition } = useReactFlow()
  const colorScheme = useColorScheme()
  const canvasRef = useRef<HTMLElement>(null)
  const absent = useAbsentMedia(useEditorStore((state) => state.levelDoc))
  // The minimap shrinks while the dock takes the canvas's lower part, and hides on request.
  const dockOpen = useEditorStore((state) => state.dock !== null)
  const [minimapShown, setMinimapShown] = useState(true)
  const [menu, setMenu] = useState<{ label: string; items: readonly MenuItem[]; at: XYPosition } | null>(null)
  // Where the focus goes back to when the menu closes from the keyboard.
  const focusBack = useRef<Element | null>(null)
  const openMenu = useCallback(
    (event: ReactMouseEvent | MouseEvent, label: string, items: (flow: XYPosition) => readonly MenuItem[]) => {
      event.preventDefault()
      const canvas = canvasRef.current?.getBoundingClientRect()
      // A menu opened from the keyboard (Shift+F10, the menu key) has no pointer: it opens on the focused element.
      const keyboard = event.clientX === 0 && event.clientY === 0 && event.target instanceof Element
      const box = keyboard ? (event.target as Element).getBoundingClientRect() : undefined
      const point = box ? { x: box.left + box.width / 2, y: box.top + Math.min(box.height / 2, 24) } : { x: event.clientX, y: event.clientY }
      setMenu({
        label,
        items: items(screenToFlowPosition(point)),
        at: { x: point.x - (canvas?.left ?? 0), y: point.y - (canvas?.top ?? 0) },
      })
      focusBack.current = document.activeElement
    },
    [screenToFlowPosition],
  )
  const closeMenu = useCallback((refocus: boolean) => {
    setMenu(null)
    if (refocus && focusBack.current instanceof HTMLElement) focusBack.current.focus()
  }, [])
  const onNodeContextMenu = useCallback(
    (event: ReactMouseEvent, node: CanvasFlowNode) => {
      if (node.type !== 'pipeline') return
      const state = store.getState()
      // A right-click on a node outside the selection acts on that node alone.
      if (!state.selection.nodes.includes(node.id)) state.selectOnly(node.id)
      openMenu(event, `Node “${node.data.node.label ?? registry.get(node.data.node.type)?.title ?? node.data.node.type}”`, () => nodeMenuItems)
    },
    [store, registry, openMenu],
  )
  const onEdgeContextMenu = useCallback(
    (event: ReactMouseEvent, edge: PipelineFlowEdge) => openMenu(event, 'Link', () => linkMenuItems(editor, edge.id)),
    [editor, openMenu],
  )
  const onPaneContextMenu = useCallback(
    (event: ReactMouseEvent | MouseEvent) => openMenu(event, 'Canvas', (flow) => canvasMenuItems(editor, flow)),
    [editor, openMenu],
  )
  useClipboardPaste()
  useCanvasSpots(canvasRef)
  useFitOnOpen()
  const minimapColor = useCallback(
    (flowNode: CanvasFlowNode) => {
      if (flowNode.type === 'group-frame' || flowNode.type === 'overview-bounds') return 'transparent'
      if (flowNode.type === 'note') return 'var(--note-bg)'
      const category = registry.get(flowNode.data.node.type)?.category
      return `var(--minimap-${minimapCategories.has(category ?? '') ? category?.toLowerCase() : 'other'})`
    },
    [registry],
  )

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasFlowNode>[]) => applyNodeChanges(store.getState(), changes),
    [store],
  )
  const onEdgesChange = useCallback(
    (changes: EdgeChange<PipelineFlowEdge>[]) => applyEdgeChanges(store.getState(), changes),
    [store],
  )
  // Double-clicking a component node opens its definition on the canvas.
  const onNodeDoubleClick = useCallback(
    (_event: React.MouseEvent, node: CanvasFlowNode) => {
      if (node.type === 'pipeline' && componentIdOf(node.data.node.type) !== undefined) store.getState().openComponent(node.id)
    },
    [store],
  )
  const isValidConnection = useCallback(
    (connection: Connection | PipelineFlowEdge) => {
      const link = linkOf(connection)
      return link !== undefined && refusedLink(store.getState().levelDoc, registry, link) === undefined
    },
    [store, registry],
  )
  const onConnect = useCallback(
    (connection: Connection) => {
      const link = linkOf(connection)
      if (link) store.getState().connect(link)
    },
    [store],
  )
  // A link dropped on a port that refuses it says why, where the person is looking.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
      // Dropped on empty canvas: the search offers the nodes that would take the link, there.
      if (connection.fromHandle && !connection.toHandle && !connection.toNode && endsOnPane(event)) {
        const point = 'changedTouches' in event ? event.changedTouches[0] : event
        if (!point) return
        const from = connection.fromHandle
        store.getState().openSearch({
          at: screenToFlowPosition({ x: point.clientX, y: point.clientY }),
          linkFrom: { port: { node: from.nodeId, port: from.id ?? '' }, side: from.type === 'source' ? 'output' : 'input' },
        })
        return
      }
      if (connection.isValid !== false || !connection.fromHandle || !connection.toHandle) return
      const [output, input] =
        connection.fromHandle.type === 'source'
          ? [connection.fromHandle, connection.toHandle]
          : [connection.toHandle, connection.fromHandle]
      const link = { from: { node: output.nodeId, port: output.id ?? '' }, to: { node: input.nodeId, port: input.id ?? '' } }
      const reason = refusedLink(store.getState().levelDoc, registry, link)
      if (reason) store.getState().say(`Link refused: ${reason}`)
    },
    [store, registry, screenToFlowPosition],
  )

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types
    if (!types.includes(NODE_TYPE_DRAG) && !types.includes('Files')) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
  }, [])
  const onDrop = useCallback(
    (event: DragEvent) => {
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY })
      const type = event.dataTransfer.getData(NODE_TYPE_DRAG)
      if (type) {
        event.preventDefault()
        const state = store.getState()
        state.selectOnly(state.addNode(type, position))
        return
      }
      if (event.dataTransfer.files.length === 0) return
      event.preventDefault()
      // A pipeline file or bundle opens as a new pipeline; the open one is kept.
      const pipelineFile = [...event.dataTransfer.files].find(isPipelineFile)
      if (pipelineFile) {
        void importFile(editor, pipelineFile)
        return
      }
      const files = event.dataTransfer.files
      const image = firstImage(files)
      const clip = image ? undefined : firstClip(files)
      const sound = image || clip ? undefined : firstSound(files)
      if (!image && !clip && !sound) {
        store
          .getState()
          .say('Drop an image (PNG, JPEG, WebP), a clip (MP4, MOV, WebM, MKV), a sound (WAV, MP3, M4A, Ogg, Opus, FLAC), or a pipeline file (.json or .reelgraph.zip) to open it.')
        return
      }
      // Dropped on an image (or clip) node: the node's file is replaced. Anywhere else: a new node.
      // (A sound node takes a dropped sound in its own panel.)
      const inputType = image ? 'image-input' : 'video-input'
      const inputNode = event.target instanceof Element ? event.target.closest(`[data-node-type="${inputType}"]`) : null
      const nodeId = inputNode?.getAttribute('data-node-id')
      const place = nodeId ? { nodeId } : { position }
      if (image) void placeImage(editor, image, place)
      else if (clip) void placeClip(editor, clip, place)
      else if (sound) void placeSound(editor, sound, { position })
    },
    [editor, store, screenToFlowPosition],
  )

  // A double-click on empty canvas opens the search palette, which adds the node picked where the pointer is.
  const onDoubleClick = useCallback(
    (event: ReactMouseEvent) => {
      if (event.target instanceof Element && event.target.classList.contains('react-flow__pane')) openSearchPaletteAction.perform(editor)
    },
    [editor],
  )

  return (
    <section ref={canvasRef} className="canvas" aria-label="Pipeline canvas" onDoubleClick={onDoubleClick}>
      <AbsentMediaContext.Provider value={absent ?? NOTHING_ABSENT}>
      <ReactFlow<CanvasFlowNode, PipelineFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        isValidConnection={isValidConnection}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onPaneContextMenu={onPaneContextMenu}
        deleteKeyCode={null}
        zoomOnDoubleClick={false}
        colorMode={colorScheme}
        onlyRenderVisibleElements
        fitView
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.1}
        maxZoom={2}
      >
        <Background variant={BackgroundVariant.Dots} gap={24} size={1} />
        <Controls showInteractive={false} fitViewOptions={FIT_OPTIONS}>
          <ControlButton
            onClick={() => setMinimapShown((shown) => !shown)}
            aria-label={minimapShown ? 'Hide minimap' : 'Show minimap'}
            title={minimapShown ? 'Hide minimap' : 'Show minimap'}
            aria-pressed={minimapShown}
          >
            <span aria-hidden="true">▦</span>
          </ControlButton>
        </Controls>
        {far && <PipelineOverview />}
        {minimapShown && (
          <MiniMap
            pannable
            zoomable
            nodeColor={minimapColor}
            nodeComponent={MinimapNode}
            nodeStrokeWidth={0}
            ariaLabel="Minimap: every node, coloured by category"
            style={dockOpen ? SMALL_MINIMAP : undefined}
          />
        )}
      </ReactFlow>
      </AbsentMediaContext.Provider>
      {menu && <CanvasContextMenu label={menu.label} items={menu.items} at={menu.at} onClose={closeMenu} />}
      <ComponentBreadcrumb />
      <CanvasNotice />
    </section>
  )
}

/**
 * How the canvas fits nodes into view: the opening fit's margins, with a glide short enough not to
 * wait for. Hidden nodes count: zoomed out far they are hidden, the overview drawing them.
 */
const NOTHING_ABSENT: readonly AbsentMedia[] = []
/** Beside the open dock the minimap is half its size (React Flow's is 200 × 150). */
const SMALL_MINIMAP = { width: 100, height: 75 }

const FIT_OPTIONS = { padding: 0.2, maxZoom: 1, includeHiddenNodes: true }
const FRAME_OPTIONS = { ...FIT_OPTIONS, duration: 300 }

/** The palette's categories, each with its colour on the minimap (theme.css `--minimap-*`). */
const minimapCategories = new Set(['Inputs', 'Pre-production', 'Generation', 'Post', 'Edit', 'Outputs'])

/**
 * Tells the store where things land on this canvas: under the pointer while it is over the canvas,
 * else the middle of the view. The pointer is kept in a ref, so moving it re-renders nothing.
 */
function useCanvasSpots(canvasRef: RefObject<HTMLElement | null>): void {
  const { store } = useEditorContext()
  const { screenToFlowPosition, fitView } = useReactFlow()
  const newNodeSpot = useNewNodeSpot()
  const pointer = useRef<XYPosition | null>(null)
  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const onMove = (event: PointerEvent) => {
      pointer.current = { x: event.clientX, y: event.clientY }
    }
    const onLeave = () => {
      pointer.current = null
    }
    canvas.addEventListener('pointermove', onMove, { passive: true })
    canvas.addEventListener('pointerleave', onLeave)
    store.getState().setCanvasSpots({
      pointer: () => (pointer.current ? screenToFlowPosition(pointer.current) : undefined),
      middle: newNodeSpot,
      frame: (canvasIds) => void fitView({ ...FRAME_OPTIONS, ...(canvasIds.length > 0 ? { nodes: canvasIds.map((id) => ({ id })) } : {}) }),
    })
    return () => {
      canvas.removeEventListener('pointermove', onMove)
      canvas.removeEventListener('pointerleave', onLeave)
      store.getState().setCanvasSpots(null)
    }
  }, [canvasRef, store, screenToFlowPosition, fitView, newNodeSpot])
}

/** True when a pointer (or touch) was let go over empty canvas, not a node, a control or the minimap. */
function endsOnPane(event: MouseEvent | TouchEvent): boolean {
  const point = 'changedTouches' in event ? event.changedTouches[0] : event
  if (!point) return false
  const under = document.elementFromPoint(point.clientX, point.clientY)
  return under !== null && under.classList.contains('react-flow__pane')
}

/**
 * Every pipeline opened, created, imported or restored from a link is fitted to the canvas, as the
 * first one is on start (React Flow's `fitView`), rather than shown where the last one was looked at.
 */
function useFitOnOpen(): void {
  const { fitView } = useReactFlow()
  const docId = useEditorStore((state) => state.doc.id)
  const shownId = useRef(docId)
  useEffect(() => {
    if (docId === shownId.current) return
    shownId.current = docId
    // Queued by React Flow until the new nodes are measured.
    void fitView(FIT_OPTIONS)
  }, [docId, fitView])
}

function linkOf(connection: Connection | PipelineFlowEdge): Link | undefined {
  if (!connection.sourceHandle || !connection.targetHandle) return undefined
  return {
    from: { node: connection.source, port: connection.sourceHandle },
    to: { node: connection.target, port: connection.targetHandle },
  }
}
